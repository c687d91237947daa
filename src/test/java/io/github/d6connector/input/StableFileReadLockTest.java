package io.github.d6connector.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.d6connector.testsupport.MutableClock;

class StableFileReadLockTest {

    @TempDir
    Path inbox;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final StableFileReadLock lock = new StableFileReadLock(clock, Duration.ofMillis(1000));

    private boolean acquire(Path path) {
        return lock.acquireExclusiveReadLock(null, genericFile(path), null);
    }

    private boolean listed(Path path) {
        return lock.accept(genericFile(path));
    }

    private static GenericFile<File> genericFile(Path path) {
        GenericFile<File> file = new GenericFile<>();
        file.setAbsoluteFilePath(path.toAbsolutePath().toString());
        file.setFile(path.toFile());
        return file;
    }

    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    @Test
    void fileTakenAfterStableInterval() throws Exception {
        Path file = Files.writeString(inbox.resolve("a.json"), "{}");

        assertThat(acquire(file)).as("first sight").isFalse();
        advance(999);
        assertThat(acquire(file)).as("stable for 999 ms").isFalse();
        advance(1);
        assertThat(acquire(file)).as("stable for 1000 ms").isTrue();
        assertThat(lock.pendingFiles()).isZero();
    }

    @Test
    void growingFileWithOldTimeWaits() throws Exception {
        Path file = Files.writeString(inbox.resolve("copy.csv"), "school_login_id,api_type_id,state\n");
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, old);

        assertThat(acquire(file)).isFalse();
        advance(1500);
        Files.writeString(file, "1000,8,1\n", java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, old);
        assertThat(acquire(file)).as("size changed").isFalse();
        advance(1000);
        assertThat(acquire(file)).as("unchanged for the interval since the change").isTrue();
    }

    @Test
    void manyFilesBecomeReadyTogether() throws Exception {
        Path[] files = new Path[100];
        for (int i = 0; i < files.length; i++) {
            files[i] = Files.writeString(inbox.resolve("f" + i + ".json"), "{}");
            assertThat(acquire(files[i])).isFalse();
        }
        advance(1000);

        for (Path file : files) {
            assertThat(acquire(file)).isTrue();
        }
    }

    @Test
    void fileThatDisappearedIsForgotten() throws Exception {
        Path file = Files.writeString(inbox.resolve("gone.json"), "{}");
        assertThat(acquire(file)).isFalse();
        Files.delete(file);

        assertThat(acquire(file)).isFalse();
        assertThat(lock.pendingFiles()).isZero();
    }

    @Test
    void pollListsOnlyStableFile() throws Exception {
        Path file = Files.writeString(inbox.resolve("b.json"), "{}");

        assertThat(listed(file)).as("first sight").isFalse();
        advance(999);
        assertThat(listed(file)).as("stable for 999 ms").isFalse();
        advance(1);
        assertThat(listed(file)).as("stable for 1000 ms").isTrue();
        assertThat(listed(file)).as("listed again while not yet taken").isTrue();
        assertThat(acquire(file)).isTrue();
        assertThat(lock.pendingFiles()).isZero();
    }

    @Test
    void fileChangedAfterListingWaits() throws Exception {
        Path file = Files.writeString(inbox.resolve("late-writer.csv"), "school_login_id,api_type_id,state\n");
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, old);
        assertThat(listed(file)).isFalse();
        advance(1000);
        assertThat(listed(file)).isTrue();

        Files.writeString(file, "1000,8,1\n", java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, old);

        assertThat(acquire(file)).as("changed between listing and reading").isFalse();
        assertThat(listed(file)).as("noted anew at the change").isFalse();
        advance(1000);
        assertThat(listed(file)).isTrue();
        assertThat(acquire(file)).isTrue();
    }

    @Test
    void abortKeepsObservationCommitForgets() throws Exception {
        Path file = Files.writeString(inbox.resolve("c.json"), "{}");
        GenericFile<File> generic = genericFile(file);

        assertThat(lock.acquireExclusiveReadLock(null, generic, null)).isFalse();
        lock.releaseExclusiveReadLockOnAbort(null, generic, null);
        advance(1000);
        assertThat(lock.acquireExclusiveReadLock(null, generic, null)).as("observation kept after abort").isTrue();

        assertThat(listed(file)).as("seen again while being processed").isFalse();
        lock.releaseExclusiveReadLockOnCommit(null, generic, null);
        assertThat(lock.pendingFiles()).isZero();
    }

    @Test
    void readyFileWaitingLongStaysReady() throws Exception {
        Path waiting = Files.writeString(inbox.resolve("behind-the-cap.json"), "{}");
        Path other = Files.writeString(inbox.resolve("other.json"), "{}");
        assertThat(listed(waiting)).isFalse();
        advance(1000);
        assertThat(listed(waiting)).isTrue();

        for (int minute = 0; minute < 12; minute++) {
            advance(60_000);
            assertThat(listed(waiting)).as("ready after %d more minutes", minute + 1).isTrue();
        }
        for (int check = 0; check < 1000; check++) {
            listed(other);
        }

        assertThat(listed(waiting)).as("ready after the forgotten files were pruned").isTrue();
    }
}
