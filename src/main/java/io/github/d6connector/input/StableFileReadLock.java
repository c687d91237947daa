package io.github.d6connector.input;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;

/**
 * Lets the inbox consumer read a file only once its size and modification time have stayed the same for the
 * check interval, without waiting. A file seen for the first time, or seen changed, is noted and skipped,
 * and a later poll takes it once it has been stable long enough.
 *
 * <p>Camel's {@code changed} read lock waits the interval for each file in turn, so a thousand small files
 * cost a thousand intervals; here all the files of one poll become ready together. The modification time is
 * never trusted alone, so a copy that keeps an old time stamp is still waited for.
 */
public final class StableFileReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    /** Observations not renewed for this long belong to files that left the inbox; they are forgotten. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private static final int PRUNE_EVERY = 1000;

    private final Clock clock;
    private final Duration stableFor;
    private final Map<String, Observation> observations = new ConcurrentHashMap<>();
    private int checksSincePrune;

    public StableFileReadLock(Clock clock, Duration stableFor) {
        this.clock = clock;
        this.stableFor = stableFor;
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
                                            Exchange exchange) {
        File target = new File(file.getAbsoluteFilePath());
        String key = target.getPath();
        long now = clock.millis();
        pruneNow(now);

        if (!target.exists()) {
            observations.remove(key);
            return false;
        }

        long size = target.length();
        long modified = target.lastModified();
        Observation seen = observations.get(key);
        if (seen != null && seen.size() == size && seen.modified() == modified) {
            if (now - seen.firstSeenMillis() >= stableFor.toMillis()) {
                observations.remove(key);
                return true;
            }
            observations.put(key, new Observation(size, modified, seen.firstSeenMillis(), now));
            return false;
        }
        observations.put(key, new Observation(size, modified, now, now));
        return false;
    }

    /** Number of files noted and not yet taken; for tests and diagnostics. */
    int pendingFiles() {
        return observations.size();
    }

    private void pruneNow(long now) {
        synchronized (this) {
            if (++checksSincePrune < PRUNE_EVERY) {
                return;
            }
            checksSincePrune = 0;
        }
        observations.values().removeIf(seen -> now - seen.lastSeenMillis() > FORGET_AFTER.toMillis());
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {
        // Nothing to clean up: this lock leaves no marker files behind.
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file,
                                                Exchange exchange) {
        // Nothing is held once the file has been taken.
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
                                                   Exchange exchange) {
        // Nothing is held once the file has been taken.
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
                                                 Exchange exchange) {
        // Nothing is held once the file has been taken.
    }

    @Override
    public void setTimeout(long timeout) {
        // A file is never waited for, so there is no timeout.
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        // The interval is given to the constructor.
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        // Skipped files are not logged: they are taken on a later poll.
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        // No marker files are written.
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        // No marker files are written.
    }

    private record Observation(long size, long modified, long firstSeenMillis, long lastSeenMillis) {
    }
}
