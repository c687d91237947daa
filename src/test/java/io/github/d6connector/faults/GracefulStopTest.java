package io.github.d6connector.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;

/**
 * Stops the connector process with SIGTERM while it works through 500 JMS messages and five 100-row CSV
 * files: it must exit within its shutdown timeout, stop its consumers before its broker, and leave every
 * unfinished request on the queue or in the inbox, to be completed after a restart.
 */
class GracefulStopTest {

    private static final int JMS_REQUESTS = 500;
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 10;

    /** Time the JVM may take beyond Camel's shutdown timeout: stopping the broker, the ledger and the JVM. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKER_STOPPED = "Embedded ActiveMQ broker stopped";

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
    void sigtermLeavesUnfinishedWorkQueued() throws Exception {
        Map<String, Integer> jmsRequests = FaultRequests.numbered("jms-", 100_000, JMS_REQUESTS);
        Map<String, Map<String, Integer>> fileRequests = FaultRequests.csvFiles("graceful", 5, 100, 200_000);
        Map<String, Integer> allRequests = new LinkedHashMap<>(jmsRequests);
        fileRequests.values().forEach(allRequests::putAll);
        Path inbox = workFolder.resolve("inbox");
        Map<String, String> settings = ConnectorProcess.defaultSettings(d6.baseUrl(), workFolder);
        settings.put("camel.main.shutdown-timeout", String.valueOf(SHUTDOWN_TIMEOUT_SECONDS));
        // One file at a time, so that files are still waiting in the inbox when the stop comes.
        settings.put("connector.file.concurrent-files", "1");

        connector = new ConnectorProcess(settings, workFolder.resolve("connector.log"));
        connector.start();
        connector.awaitStarted(START_TIMEOUT);
        FaultRequests.sendJms(connector.brokerUrl(), jmsRequests);
        for (Map.Entry<String, Map<String, Integer>> file : fileRequests.entrySet()) {
            FaultRequests.dropCsv(inbox, file.getKey(), file.getValue());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> D6Calls.patchCount(d6) >= allRequests.size() / 2);

        long stopStarted = System.nanoTime();
        boolean exited = connector.terminate(Duration.ofSeconds(SHUTDOWN_TIMEOUT_SECONDS).plus(EXIT_MARGIN));
        Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStarted);
        String stopLog = connector.logOfLatestStart();
        int callsBeforeStop = D6Calls.patchCount(d6);

        assertThat(exited).as("process exited within %d s of SIGTERM",
                SHUTDOWN_TIMEOUT_SECONDS + EXIT_MARGIN.toSeconds()).isTrue();
        assertThat(stopLog.indexOf("Stopped jms-requests")).as("log position of the JMS consumer's stop")
                .isPositive()
                .isLessThan(stopLog.indexOf(BROKER_STOPPED));
        assertThat(stopLog.indexOf("Stopped file-drop-requests")).as("log position of the file consumer's stop")
                .isPositive()
                .isLessThan(stopLog.indexOf(BROKER_STOPPED));

        Set<String> pendingJms;
        Set<String> recordedBeforeRestart;
        try (OfflineBroker store = OfflineBroker.open(workFolder.resolve("data"),
                settings.get("connector.jms.embedded-port"))) {
            pendingJms = requestIds(store.browse(FaultRequests.REQUEST_QUEUE));
            recordedBeforeRestart = requestIds(store.browse(OutcomeCollector.SUCCESS_QUEUE));
            recordedBeforeRestart.addAll(requestIds(store.browse(OutcomeCollector.ERROR_QUEUE)));
        }
        List<String> filesInInboxAfterStop = fileNames(OutcomeCollector.filesEndingWith(inbox, ".csv"));
        Set<String> unaccounted = new TreeSet<>();
        for (String requestId : allRequests.keySet()) {
            boolean pending = pendingJms.contains(requestId) || fileRequests.entrySet().stream()
                    .anyMatch(file -> file.getValue().containsKey(requestId)
                            && filesInInboxAfterStop.contains(file.getKey()));
            if (!pending && !recordedBeforeRestart.contains(requestId)) {
                unaccounted.add(requestId);
            }
        }
        Set<String> pendingAndRecorded = new TreeSet<>(pendingJms);
        pendingAndRecorded.retainAll(recordedBeforeRestart);

        connector.start();
        connector.awaitStarted(START_TIMEOUT);
        OutcomeCollector.Records outcomes = OutcomeCollector.drain(connector.brokerUrl(), allRequests.keySet(),
                Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> OutcomeCollector.filesEndingWith(inbox, ".csv").isEmpty());
        Map<String, Integer> callsByRequestId = D6Calls.patchesByRequestId(d6, allRequests);
        Map<String, Integer> calledTwice = new TreeMap<>(callsByRequestId);
        calledTwice.values().removeIf(calls -> calls != 2);

        System.out.printf("Graceful stop (work folder %s): exited after %d ms; %d d6 calls before the stop; %d JMS"
                        + " request(s) left on the queue, %d of them also with an outcome record; files left in the"
                        + " inbox %s; %d inputs, %d outcome records for %d distinct ids, duplicates %s; called twice"
                        + " %s; outcomes %s%n",
                workFolder, stopTook.toMillis(), callsBeforeStop, pendingJms.size(), pendingAndRecorded.size(),
                filesInInboxAfterStop, allRequests.size(), outcomes.all().size(), outcomes.distinctIds().size(),
                outcomes.duplicateIds(), calledTwice, outcomes.countsByOutcome());

        assertThat(pendingJms).as("JMS requests left on the queue by the stop").isNotEmpty();
        assertThat(filesInInboxAfterStop).as("files left in the inbox by the stop").isNotEmpty();
        assertThat(unaccounted).as("requests neither on the queue, nor in an inbox file, nor with an outcome"
                + " record after the stop").isEmpty();
        assertThat(OutcomeCollector.filesEndingWith(inbox.resolve("failed"), ".csv")).as("files in failed/")
                .isEmpty();
        assertThat(outcomes.missingIds(allRequests.keySet())).as("request ids without an outcome record")
                .isEmpty();
        assertThat(outcomes.unexpectedIds(allRequests.keySet())).as("outcome records of unknown request ids")
                .isEmpty();
        assertThat(outcomes.byRequestId().values()).as("final outcomes")
                .allSatisfy(record -> assertThat(record.path("outcome").asText()).isEqualTo("CHANGED"));
        assertThat(callsByRequestId).as("d6 calls per request").allSatisfy((requestId, calls) ->
                assertThat(calls).as("d6 calls for %s", requestId).isBetween(1, 2));
        assertThat(D6Calls.undocumentedPatches(d6)).as("calls that differ from the documented PATCH").isEmpty();
    }

    private static Set<String> requestIds(List<String> outcomeOrRequestTexts) throws Exception {
        Set<String> ids = new HashSet<>();
        for (String text : outcomeOrRequestTexts) {
            JsonNode json = JSON.readTree(text);
            ids.add(json.path("request_id").asText());
        }
        return ids;
    }

    private static List<String> fileNames(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList();
    }
}
