package io.github.d6connector.input;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.file.GenericFileOperations;

/**
 * Lets the inbox consumer read a file only once its size and modification time have stayed the same for the
 * check interval, without waiting. A file seen for the first time, or seen changed, is noted and skipped,
 * and a later poll takes it once it has been stable long enough.
 *
 * <p>As the consumer's filter it keeps files that are not ready out of the poll, so a capped poll contains only
 * files that can be read now and files still being written cost no exchanges. As the read lock it checks
 * again, just before the file is read, that nothing changed since the poll listed it.
 *
 * <p>Camel's {@code changed} read lock waits the interval for each file in turn, so a thousand small files
 * cost a thousand intervals; here all the files of one poll become ready together. The modification time is
 * never trusted alone, so a copy that keeps an old time stamp is still waited for.
 */
public final class StableFileReadLock implements GenericFileExclusiveReadLockStrategy<File>, GenericFileFilter<File> {

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

    /** Accepts the file into a poll once it has been stable for the interval, and notes it otherwise. */
    @Override
    public boolean accept(GenericFile<File> file) {
        return isStable(file.getAbsoluteFilePath());
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
                                            Exchange exchange) {
        String key = file.getAbsoluteFilePath();
        if (!isStable(key)) {
            return false;
        }

        observations.remove(key);
        return true;
    }

    private boolean isStable(String key) {
        long now = clock.millis();
        pruneNow(now);

        BasicFileAttributes attributes = attributesOf(key);
        if (attributes == null) {
            observations.remove(key);
            return false;
        }

        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        Observation seen = observations.get(key);
        if (seen != null && seen.size() == size && seen.modified() == modified) {
            observations.put(key, new Observation(size, modified, seen.firstSeenMillis(), now));
            return now - seen.firstSeenMillis() >= stableFor.toMillis();
        }
        observations.put(key, new Observation(size, modified, now, now));
        return false;
    }

    private static BasicFileAttributes attributesOf(String key) {
        try {
            return Files.readAttributes(Path.of(key), BasicFileAttributes.class);
        } catch (IOException goneOrHidden) {
            return null;
        }
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
        // Camel calls this also after a rejected lock, so the file keeps its observation for the next poll.
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
                                                   Exchange exchange) {
        observations.remove(file.getAbsoluteFilePath());
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
                                                 Exchange exchange) {
        observations.remove(file.getAbsoluteFilePath());
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
