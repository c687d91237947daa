package io.github.d6connector.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.github.tomakehurst.wiremock.WireMockServer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * An outbox or done folder the connector cannot write to. The dropped file stays in the inbox, the error is
 * logged and the file is tried again. Once the folder is writable the file is processed, and the request
 * ledger keeps d6 at one call per row.
 *
 * <p>A folder is made unwritable with the permissions {@code r-x}. The root user writes anyway, so when
 * the tests run as root the folder is replaced by a regular file, under which no folder can be created.
 */
class UnwritableFolderTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r-xr-xr-x");
    private static final Set<PosixFilePermission> WRITABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;
    private static ListAppender<ILoggingEvent> log;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        log = new ListAppender<>();
        log.start();
        rootLogger().addAppender(log);
        connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                "connector.file.outbox", outbox().toString(),
                "connector.idempotency.window", "600000",
                "connector.batch.folder", workFolder.resolve("batches").toString(),
                "d6.rate-limit.requests-per-second", "0"));
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
        rootLogger().detachAppender(log);
    }

    @BeforeEach
    void resetD6AndLog() {
        d6.resetAll();
        d6.stubFor(patch(urlPathMatching("/api/v1/settings/clients/[0-9]+"))
                .willReturn(aResponse().withStatus(200).withBody("[]")));
        synchronized (log) {
            log.list.clear();
        }
    }

    @Test
    void unwritableOutboxKeepsFileUntilRestored() throws Exception {
        Map<String, Integer> rows = FaultRequests.numbered("unwritable-outbox-row-", 340_000, 3);
        Path inputFile = connector.inbox().resolve("unwritable-outbox.csv");
        Blocked blocked = block(outbox());

        FaultRequests.dropCsv(connector.inbox(), "unwritable-outbox.csv", rows);
        await().atMost(WAIT).until(() -> errorsAbout("unwritable-outbox.csv").size() >= 2);
        List<String> errors = errorsAbout("unwritable-outbox.csv");
        boolean stayedInInbox = Files.exists(inputFile);
        int callsWhileBlocked = D6Calls.patchCount(d6);
        blocked.restore();
        await().atMost(WAIT).until(() -> Files.notExists(inputFile));
        OutcomeCollector.Records outcomes = OutcomeCollector.drain(connector.brokerUrl(), rows.keySet(), WAIT);
        List<Path> reports = OutcomeCollector.filesEndingWith(outbox(), ".result.csv");
        System.out.printf("Unwritable outbox (%s): errors while blocked %s; %d outcome records, duplicates %s%n",
                blocked.description(), errors, outcomes.all().size(), outcomes.duplicateIds());

        assertThat(stayedInInbox).as("input file in the inbox while the outbox is not writable").isTrue();
        assertThat(errors.get(0)).as("logged error").contains("stays in the inbox");
        assertThat(callsWhileBlocked).as("d6 calls while the outbox is not writable").isZero();
        assertThat(D6Calls.patchesByRequestId(d6, rows)).as("d6 calls per row")
                .allSatisfy((requestId, calls) -> assertThat(calls).as("calls for %s", requestId).isEqualTo(1));
        assertThat(reports).as("reports in the outbox").hasSize(1);
        assertThat(OutcomeCollector.readCsvReport(reports.get(0))).extracting(row -> row.get("outcome"))
                .containsExactly("CHANGED", "CHANGED", "CHANGED");
        assertThat(outcomes.missingIds(rows.keySet())).as("rows without an outcome record").isEmpty();
        assertThat(outcomes.duplicateIds()).as("rows with more than one outcome record").isEmpty();
        assertThat(doneCopies("unwritable-outbox-")).as("copies in done/").hasSize(1);
    }

    @Test
    void unwritableDoneFolderKeepsFileUntilRestored() throws Exception {
        Map<String, Integer> rows = FaultRequests.numbered("unwritable-done-row-", 341_000, 3);

        DoneFolderRun run = runWithDoneFolderBlocked("unwritable-done", rows);

        assertThat(run.stayedInInbox()).as("input file in the inbox while done/ is not writable").isTrue();
        assertThat(run.errors()).as("logged errors about the file").isNotEmpty();
        assertThat(run.callsWhileBlocked()).as("d6 calls per row while done/ is not writable")
                .allSatisfy((requestId, calls) -> assertThat(calls).as("calls for %s", requestId).isZero());
        assertThat(D6Calls.patchesByRequestId(d6, rows)).as("d6 calls per row")
                .allSatisfy((requestId, calls) -> assertThat(calls).as("calls for %s", requestId).isEqualTo(1));
        assertThat(run.reports()).as("reports of unwritable-done.csv").isNotEmpty();
        assertThat(OutcomeCollector.readCsvReport(run.reports().get(run.reports().size() - 1)))
                .extracting(row -> row.get("outcome")).containsExactly("CHANGED", "CHANGED", "CHANGED");
        assertThat(run.outcomes().missingIds(rows.keySet())).as("rows without an outcome record").isEmpty();
        assertThat(run.outcomes().duplicateIds()).as("rows with more than one outcome record").isEmpty();
        assertThat(doneCopies("unwritable-done-")).as("copies in done/").hasSize(1);
    }

    @Test
    void unwritableDoneFolderLeavesOneReport() throws Exception {
        Map<String, Integer> rows = FaultRequests.numbered("one-report-row-", 342_000, 3);

        DoneFolderRun run = runWithDoneFolderBlocked("one-report", rows);

        assertThat(run.reports()).as("reports of one-report.csv").hasSize(1);
    }

    /**
     * Drops a CSV file while done/ is not writable, waits for two logged errors about it, makes done/ writable
     * again and waits until the file has left the inbox.
     */
    private static DoneFolderRun runWithDoneFolderBlocked(String stem, Map<String, Integer> rows) throws Exception {
        Path inputFile = connector.inbox().resolve(stem + ".csv");
        Blocked blocked = block(connector.inbox().resolve("done"));
        FaultRequests.dropCsv(connector.inbox(), stem + ".csv", rows);
        await().atMost(WAIT).until(() -> errorsAbout(stem + ".csv").size() >= 2);
        List<String> errors = errorsAbout(stem + ".csv");
        boolean stayedInInbox = Files.exists(inputFile);
        Map<String, Integer> callsWhileBlocked = D6Calls.patchesByRequestId(d6, rows);
        blocked.restore();
        await().atMost(WAIT).until(() -> Files.notExists(inputFile));
        OutcomeCollector.Records outcomes = OutcomeCollector.drain(connector.brokerUrl(), rows.keySet(), WAIT);
        List<Path> reports = OutcomeCollector.filesEndingWith(outbox(), ".result.csv").stream()
                .filter(report -> report.getFileName().toString().startsWith(stem + "-"))
                .toList();
        System.out.printf("Unwritable done folder (%s): errors while blocked %s; %d report(s) %s; %d outcome records,"
                        + " duplicates %s%n", blocked.description(), errors, reports.size(), reports,
                outcomes.all().size(), outcomes.duplicateIds());
        return new DoneFolderRun(errors, stayedInInbox, callsWhileBlocked, reports, outcomes);
    }

    private static Path outbox() {
        return workFolder.resolve("outbox-parent").resolve("outbox");
    }

    private static List<Path> doneCopies(String prefix) throws IOException {
        return OutcomeCollector.filesEndingWith(connector.inbox().resolve("done"), ".csv").stream()
                .filter(copy -> copy.getFileName().toString().startsWith(prefix))
                .toList();
    }

    /** Returns the logged errors and warnings that name {@code fileName}. */
    private static List<String> errorsAbout(String fileName) {
        synchronized (log) {
            return log.list.stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(message -> message.contains(fileName))
                    .toList();
        }
    }

    /**
     * Makes {@code folder} unwritable: read-only permissions, or, when they do not stop this user (root), a
     * regular file in its place.
     */
    private static Blocked block(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, READ_ONLY);
        if (!Files.isWritable(folder)) {
            return new Blocked("read-only permissions", () -> Files.setPosixFilePermissions(folder, WRITABLE));
        }
        Files.setPosixFilePermissions(folder, WRITABLE);
        Path replaced = folder;
        if (folder.equals(outbox())) {
            replaced = folder.getParent();
        }
        Path aside = replaced.resolveSibling(replaced.getFileName() + ".aside");
        if (folder.equals(outbox())) {
            deleteEmptyFolders(replaced);
        } else if (Files.isDirectory(replaced)) {
            Files.move(replaced, aside);
        }
        Files.createFile(replaced);
        Path regularFile = replaced;
        return new Blocked("a regular file in place of " + regularFile.getFileName() + ", as the user is root",
                () -> {
                    Files.delete(regularFile);
                    if (Files.isDirectory(aside)) {
                        Files.move(aside, regularFile);
                    }
                });
    }

    private static void deleteEmptyFolders(Path folder) throws IOException {
        try (var tree = Files.walk(folder)) {
            for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** What a run with an unwritable done folder left behind. */
    private record DoneFolderRun(List<String> errors, boolean stayedInInbox, Map<String, Integer> callsWhileBlocked,
                                 List<Path> reports, OutcomeCollector.Records outcomes) {
    }

    /** A folder made unwritable, and how to make it writable again. */
    private record Blocked(String description, Restore undo) {

        void restore() throws IOException {
            undo.run();
        }
    }

    @FunctionalInterface
    private interface Restore {
        void run() throws IOException;
    }
}
