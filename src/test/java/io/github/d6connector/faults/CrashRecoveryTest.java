package io.github.d6connector.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;

/**
 * Kills the connector process with SIGKILL while it works through 500 JMS messages and five 100-row CSV
 * files, starts it again on the same data folder, and checks that every request ends with exactly one
 * outcome and at most two d6 calls: one before the kill whose response was lost, and one after.
 */
class CrashRecoveryTest {

    private static final int JMS_REQUESTS = 500;
    private static final int FILES = 5;
    private static final int ROWS_PER_FILE = 100;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Kept when the test fails, with the connector's log in connector.log and its data folder. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workFolder;

    private WireMockServer d6;
    private ConnectorProcess connector;

    @BeforeEach
    void startD6() {
        d6 = D6Stub.start();
        d6.stubFor(patch(urlPathMatching("/api/v1/settings/clients/[0-9]+"))
                .willReturn(aResponse().withStatus(200).withBody("[]").withFixedDelay(20)));
    }

    @AfterEach
    void stopConnectorAndD6() throws Exception {
        if (connector != null) {
            connector.close();
        }
        d6.stop();
    }

    @Test
    void killMidRunKeepsOneOutcomePerRequest() throws Exception {
        Map<String, Integer> jmsRequests = FaultRequests.numbered("jms-", 100_000, JMS_REQUESTS);
        Map<String, Map<String, Integer>> fileRequests = FaultRequests.csvFiles("crash", FILES, ROWS_PER_FILE,
                200_000);
        Map<String, Integer> allRequests = new LinkedHashMap<>(jmsRequests);
        fileRequests.values().forEach(allRequests::putAll);
        Path inbox = workFolder.resolve("inbox");
        Path outbox = workFolder.resolve("outbox");

        connector = new ConnectorProcess(ConnectorProcess.defaultSettings(d6.baseUrl(), workFolder),
                workFolder.resolve("connector.log"));
        connector.start();
        connector.awaitStarted(START_TIMEOUT);
        FaultRequests.sendJms(connector.brokerUrl(), jmsRequests);
        for (Map.Entry<String, Map<String, Integer>> file : fileRequests.entrySet()) {
            FaultRequests.dropCsv(inbox, file.getKey(), file.getValue());
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> D6Calls.patchCount(d6) >= allRequests.size() / 2);
        connector.kill();
        int callsBeforeCrash = D6Calls.patchCount(d6);
        List<Path> filesInInboxAtCrash = OutcomeCollector.filesEndingWith(inbox, ".csv");
        List<Path> partReportsAfterCrash = OutcomeCollector.filesEndingWith(outbox, ".part");

        Instant restartedAt = Instant.now();
        connector.start();
        connector.awaitStarted(START_TIMEOUT);
        OutcomeCollector.Records outcomes = OutcomeCollector.drain(connector.brokerUrl(), allRequests.keySet(),
                Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> OutcomeCollector.filesEndingWith(inbox, ".csv").isEmpty());

        Map<String, Integer> callsByRequestId = D6Calls.patchesByRequestId(d6, allRequests);
        Map<String, List<Path>> reportsByFile = reportsByInputFile(outbox, fileRequests.keySet());
        System.out.printf("Crash recovery (work folder %s): %d inputs, %d outcome records for %d distinct ids,"
                        + " missing %s, duplicates %s; %d d6 calls before the kill, %d in all, %d request(s) called"
                        + " twice; files in the inbox at the kill %s; stale .part reports %s; reports %s;"
                        + " outcomes %s%n",
                workFolder, allRequests.size(), outcomes.all().size(), outcomes.distinctIds().size(),
                outcomes.missingIds(allRequests.keySet()), outcomes.duplicateIds(),
                callsBeforeCrash, D6Calls.patchCount(d6),
                callsByRequestId.values().stream().filter(calls -> calls == 2).count(),
                fileNames(filesInInboxAtCrash), fileNames(partReportsAfterCrash), reportNames(reportsByFile),
                outcomes.countsByOutcome());

        assertThat(outcomes.missingIds(allRequests.keySet())).as("request ids without an outcome record")
                .isEmpty();
        assertThat(outcomes.unexpectedIds(allRequests.keySet())).as("outcome records of unknown request ids")
                .isEmpty();
        assertThat(outcomes.byRequestId().values()).as("final outcomes")
                .allSatisfy(record -> assertThat(record.path("outcome").asText()).isEqualTo("CHANGED"));
        assertThat(withCalls(callsByRequestId, 0)).as("requests d6 never received").isEmpty();
        assertThat(withMoreCallsThan(callsByRequestId, 2)).as("requests d6 received more than twice").isEmpty();
        assertThat(D6Calls.undocumentedPatches(d6)).as("calls that differ from the documented PATCH").isEmpty();
        assertThat(filesInInboxAtCrash).as("input files still in the inbox when the process was killed")
                .isNotEmpty();

        for (Map.Entry<String, Map<String, Integer>> file : fileRequests.entrySet()) {
            String stem = stem(file.getKey());
            assertThat(OutcomeCollector.filesEndingWith(inbox.resolve("done"), ".csv"))
                    .as("copies of %s in done/", file.getKey())
                    .filteredOn(done -> done.getFileName().toString().startsWith(stem + "-"))
                    .hasSize(1);
            List<Path> reports = reportsByFile.get(file.getKey());
            assertThat(reports).as("reports of %s", file.getKey()).isNotEmpty();
            Path latestReport = reports.get(reports.size() - 1);
            assertCompleteReport(latestReport, file.getValue());
            if (fileNames(filesInInboxAtCrash).contains(file.getKey())) {
                assertThat(Files.getLastModifiedTime(latestReport).toInstant())
                        .as("time the report of %s, interrupted by the kill, was written", file.getKey())
                        .isAfter(restartedAt);
            }
        }
    }

    private static void assertCompleteReport(Path report, Map<String, Integer> schoolByRequestId) throws Exception {
        List<Map<String, String>> rows = OutcomeCollector.readCsvReport(report);
        assertThat(rows).as("rows of %s", report.getFileName()).hasSize(schoolByRequestId.size());
        assertThat(rows.stream().map(row -> row.get("request_id")).toList())
                .as("request ids of %s in input order", report.getFileName())
                .containsExactlyElementsOf(schoolByRequestId.keySet());
        assertThat(rows).as("outcomes in %s", report.getFileName())
                .allSatisfy(row -> assertThat(row.get("outcome")).isEqualTo("CHANGED"));
    }

    /** Returns the CSV reports of each input file, oldest first. */
    private static Map<String, List<Path>> reportsByInputFile(Path outbox, Iterable<String> inputFiles)
            throws Exception {
        Map<String, List<Path>> reports = new TreeMap<>();
        List<Path> all = OutcomeCollector.filesEndingWith(outbox, ".result.csv");
        for (String inputFile : inputFiles) {
            List<Path> ofFile = new ArrayList<>();
            for (Path report : all) {
                if (report.getFileName().toString().startsWith(stem(inputFile) + "-")) {
                    ofFile.add(report);
                }
            }
            reports.put(inputFile, ofFile);
        }
        return reports;
    }

    private static Map<String, Integer> withCalls(Map<String, Integer> callsByRequestId, int calls) {
        Map<String, Integer> matching = new TreeMap<>();
        callsByRequestId.forEach((id, count) -> {
            if (count == calls) {
                matching.put(id, count);
            }
        });
        return matching;
    }

    private static Map<String, Integer> withMoreCallsThan(Map<String, Integer> callsByRequestId, int calls) {
        Map<String, Integer> matching = new TreeMap<>();
        callsByRequestId.forEach((id, count) -> {
            if (count > calls) {
                matching.put(id, count);
            }
        });
        return matching;
    }

    private static Map<String, List<String>> reportNames(Map<String, List<Path>> reportsByFile) {
        Map<String, List<String>> names = new TreeMap<>();
        reportsByFile.forEach((file, reports) -> names.put(file, fileNames(reports)));
        return names;
    }

    private static String stem(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }

    private static List<String> fileNames(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList();
    }
}
