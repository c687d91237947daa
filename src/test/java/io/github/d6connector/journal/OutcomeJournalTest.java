package io.github.d6connector.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.IntNode;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.Outcome;
import io.github.d6connector.outcome.OutcomeRecord;

class OutcomeJournalTest {

    @TempDir
    Path folder;

    private static JournalEntry entry(String recordedAt, String requestId, int school) {
        OutcomeRecord record = new OutcomeRecord(requestId, "rest:" + requestId, IntNode.valueOf(school),
                IntNode.valueOf(8), IntNode.valueOf(1), Outcome.CHANGED, 200, null, null,
                "d6 changed the integration state", 1, recordedAt, recordedAt, Map.of());
        return new JournalEntry(recordedAt, "rest", "caller", record);
    }

    @Test
    void concurrentAppendsKeepWholeLines() throws Exception {
        int callers = 16;
        int perCaller = 200;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (OutcomeJournal journal = new OutcomeJournal(folder, true)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perCaller; i++) {
                        journal.append(entry("2026-03-01T10:00:00Z", "r-" + caller + "-" + i, 1000 + i));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> lines = Files.readAllLines(folder.resolve("outcomes-2026-03-01.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(callers * perCaller);
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            ids.add(Json.MAPPER.readValue(line, JournalEntry.class).record().requestId());
        }
        assertThat(ids).hasSize(callers * perCaller).contains("r-0-0", "r-15-199");
    }

    @Test
    void newDayStartsNewFile() throws Exception {
        try (OutcomeJournal journal = new OutcomeJournal(folder, true)) {
            journal.append(entry("2026-03-01T23:59:59Z", "late", 1000));
            journal.append(entry("2026-03-02T00:00:01Z", "early", 1001));
            journal.append(entry("2026-03-02T00:00:02Z", "next", 1002));
        }

        assertThat(Files.readAllLines(folder.resolve("outcomes-2026-03-01.jsonl"))).hasSize(1)
                .first().asString().contains("\"late\"");
        assertThat(Files.readAllLines(folder.resolve("outcomes-2026-03-02.jsonl"))).hasSize(2);
    }

    @Test
    void writtenEntriesReachDiskInBackground() throws Exception {
        try (OutcomeJournal journal = new OutcomeJournal(folder, true)) {
            long last = 0;
            for (int i = 0; i < 100; i++) {
                last = journal.write(entry("2026-03-01T10:00:00Z", "w-" + i, 1000 + i));
            }

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (journal.linesOnDisk() < last && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(last).isEqualTo(100);
            assertThat(journal.linesOnDisk()).isEqualTo(100);

            journal.awaitOnDisk(last);
        }

        assertThat(Files.readAllLines(folder.resolve("outcomes-2026-03-01.jsonl"))).hasSize(100);
    }

    @Test
    void withoutFsyncNothingIsForced() throws Exception {
        try (OutcomeJournal journal = new OutcomeJournal(folder, false)) {
            long line = journal.write(entry("2026-03-01T10:00:00Z", "no-sync", 1000));
            journal.awaitOnDisk(line);

            assertThat(journal.linesOnDisk()).isZero();
        }

        assertThat(Files.readAllLines(folder.resolve("outcomes-2026-03-01.jsonl"))).hasSize(1);
    }

    @Test
    void writeAfterCloseStillForces() throws Exception {
        OutcomeJournal journal = new OutcomeJournal(folder, true);
        journal.close();

        long line = journal.write(entry("2026-03-01T10:00:00Z", "after-close", 1000));
        journal.awaitOnDisk(line);

        assertThat(journal.linesOnDisk()).isEqualTo(line);
        journal.close();
        assertThat(Files.readAllLines(folder.resolve("outcomes-2026-03-01.jsonl"))).hasSize(1);
    }
}
