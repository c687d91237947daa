package io.github.d6connector.bulk;

import java.time.Duration;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of a long bulk file at a steady rhythm: rows done out of the total, the rate and the
 * estimated time left.
 */
final class BulkProgress {

    private static final Logger LOG = LoggerFactory.getLogger(BulkProgress.class);

    private final String fileName;
    private final int total;
    private final IntSupplier done;
    private final long startNanos = System.nanoTime();

    BulkProgress(String fileName, int total, IntSupplier done) {
        this.fileName = fileName;
        this.total = total;
        this.done = done;
    }

    void log() {
        int rows = done.getAsInt();
        double seconds = elapsed().toMillis() / 1000.0;
        double rate = seconds > 0 ? rows / seconds : 0;
        String left = rate > 0 ? format(Duration.ofSeconds((long) ((total - rows) / rate))) : "unknown";
        LOG.info("File {}: {} of {} rows done ({}%), {} rows/s, about {} left", fileName, rows, total,
                total == 0 ? 100 : rows * 100L / total, String.format("%.1f", rate), left);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return duration.toMillis() < 10_000 ? String.format("%.1f s", duration.toMillis() / 1000.0) : seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
