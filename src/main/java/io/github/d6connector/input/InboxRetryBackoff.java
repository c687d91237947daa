package io.github.d6connector.input;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Holds back, for a while, an inbox file whose processing just failed (an outbox that cannot be written, an
 * outcome endpoint that is down). The file stays in the inbox and is tried again after the delay instead of
 * on every poll, so one broken file does not flood the log.
 */
public final class InboxRetryBackoff implements GenericFileFilter<File> {

    private final Clock clock;
    private final Duration delay;
    private final Map<String, Long> failedAtMillis = new ConcurrentHashMap<>();

    public InboxRetryBackoff(Clock clock, Duration delay) {
        this.clock = clock;
        this.delay = delay;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        Long failedAt = failedAtMillis.get(file.getAbsoluteFilePath());
        if (failedAt == null) {
            return true;
        }
        if (clock.millis() - failedAt >= delay.toMillis()) {
            failedAtMillis.remove(file.getAbsoluteFilePath());
            return true;
        }
        return false;
    }

    /** Notes that processing the file at {@code absolutePath} failed just now. */
    public void failed(String absolutePath) {
        failedAtMillis.put(absolutePath, clock.millis());
    }

    public Duration delay() {
        return delay;
    }
}
