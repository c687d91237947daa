package io.github.d6connector.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.github.d6connector.d6.D6CircuitBreaker;
import io.github.d6connector.testsupport.TestConnector;

/**
 * d6 down for a few seconds, first returning 503 and then refusing connections. The circuit breaker opens,
 * pauses the JMS and file consumers, keeps waiting requests from spending their attempts, probes d6 and
 * closes again once d6 responds. Every request still ends CHANGED with one successful d6 call.
 */
class D6OutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int JMS_REQUESTS = 40;
    private static final int FILE_ROWS = 20;

    /** Attempts a request may spend: d6.retry.maximum-redeliveries (3 in TestConnector) + 1. */
    private static final int MAXIMUM_ATTEMPTS = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REST_REQUEST_ID = "outage-503-rest";

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static int d6Port;
    private static TestConnector connector;
    private static ListAppender<ILoggingEvent> breakerLog;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        d6.start();
        d6Port = d6.port();
        breakerLog = new ListAppender<>();
        breakerLog.start();
        breakerLogger().addAppender(breakerLog);
        connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                "d6.circuit.enabled", "true",
                "d6.circuit.minimum-calls", "4",
                "d6.circuit.window", "8",
                "d6.circuit.failure-rate-threshold", "50",
                "d6.circuit.probe-interval", "1000",
                "d6.circuit.wait-poll", "250",
                "d6.rate-limit.requests-per-second", "0",
                "connector.idempotency.window", "600000",
                "connector.batch.folder", workFolder.resolve("batches").toString()));
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
        breakerLogger().detachAppender(breakerLog);
    }

    @BeforeEach
    void resetD6AndLog() {
        d6.resetAll();
        breakerLog.list.clear();
    }

    /**
     * Restarts d6 if it is stopped and stubs status 200, so that nothing a failed test left waiting holds up
     * the next one.
     */
    @AfterEach
    void restoreD6() {
        if (!d6.isRunning()) {
            d6 = new WireMockServer(options().bindAddress("127.0.0.1").port(d6Port));
            d6.start();
        }
        stubD6Answers();
    }

    @Test
    void serviceUnavailableMakesRequestsWait() throws Exception {
        d6.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
        long outageStarted = System.nanoTime();
        Map<String, Integer> jmsRequests = FaultRequests.numbered("outage-503-jms-", 310_000, JMS_REQUESTS);
        Map<String, Integer> fileRows = FaultRequests.numbered("outage-503-row-", 311_000, FILE_ROWS);
        Map<String, Integer> allRequests = new LinkedHashMap<>(jmsRequests);
        allRequests.putAll(fileRows);

        FaultRequests.sendJms(connector.brokerUrl(), jmsRequests);
        FaultRequests.dropCsv(connector.inbox(), "outage-503.csv", fileRows);
        await().atMost(WAIT).until(() -> breakerMessages().stream().anyMatch(message -> message.contains("OPEN")));
        int queuedWhileOpen = OutcomeCollector.browse(connector.brokerUrl(), FaultRequests.REQUEST_QUEUE).size();
        long restStarted = System.nanoTime();
        HttpResponse<String> restResponse = connector.rest("PATCH", "/api/v1/clients/312000/integration-state",
                "{\"api_type_id\":8,\"state\":1}", Map.of("X-API-Key", TestConnector.API_KEY,
                        "Content-Type", "application/json", "X-Request-Id", REST_REQUEST_ID));
        Duration restTook = Duration.ofNanos(System.nanoTime() - restStarted);
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - outageStarted).toMillis()));
        int callsDuringOutage = D6Calls.patchCount(d6);
        stubD6Answers();

        List<String> expectedIds = new ArrayList<>(allRequests.keySet());
        expectedIds.add(REST_REQUEST_ID);
        OutcomeCollector.Records records = OutcomeCollector.drain(connector.brokerUrl(), expectedIds, WAIT);
        await().atMost(WAIT).until(() -> breakerMessages().stream().anyMatch(message -> message.contains("CLOSED")));
        JsonNode restOutcome = JSON.readTree(restResponse.body());
        JsonNode restRecord = records.byRequestId().get(REST_REQUEST_ID);
        OutcomeCollector.Records outcomes = records.without(REST_REQUEST_ID);
        System.out.printf("d6 503 outage: %d inputs, %d outcome records for %d distinct ids, duplicates %s,"
                        + " outcomes %s, attempts %s; %d PATCH calls answered 503; %d message(s) on the request queue"
                        + " while open; REST answer %d in %d ms; breaker log %s%n",
                allRequests.size(), outcomes.all().size(), outcomes.distinctIds().size(), outcomes.duplicateIds(),
                outcomes.countsByOutcome(), attemptCounts(outcomes), callsDuringOutage, queuedWhileOpen,
                restResponse.statusCode(), restTook.toMillis(), breakerMessages());

        assertThat(queuedWhileOpen).as("messages on the request queue while the breaker is open").isPositive();
        assertThat(restResponse.statusCode()).as("REST status while the breaker is open").isEqualTo(502);
        assertThat(restOutcome.path("outcome").asText()).as("REST outcome").isEqualTo("FAILED");
        assertThat(restOutcome.path("reason").asText()).as("REST reason").contains("d6 is unavailable");
        assertThat(restTook).as("time of the REST call while the breaker is open").isLessThan(Duration.ofSeconds(2));
        assertThat(D6Calls.patchesBySchool(d6)).as("d6 calls of the REST request").doesNotContainKey(312_000);
        assertThat(records.duplicateIds()).as("request ids with more than one outcome record").isEmpty();
        assertThat(restRecord).as("outcome record of the REST request").isEqualTo(restOutcome);
        assertOneOutcomePerRequest(outcomes, allRequests);
        assertAttemptsMatchD6Calls(outcomes, allRequests);
        assertBreakerOpenedProbedAndClosed();
    }

    @Test
    void refusedConnectionsMakeRequestsWait() throws Exception {
        d6.stop();
        long outageStarted = System.nanoTime();
        Map<String, Integer> jmsRequests = FaultRequests.numbered("outage-refused-jms-", 320_000, JMS_REQUESTS);
        Map<String, Integer> fileRows = FaultRequests.numbered("outage-refused-row-", 321_000, FILE_ROWS);
        Map<String, Integer> allRequests = new LinkedHashMap<>(jmsRequests);
        allRequests.putAll(fileRows);

        FaultRequests.sendJms(connector.brokerUrl(), jmsRequests);
        FaultRequests.dropCsv(connector.inbox(), "outage-refused.csv", fileRows);
        await().atMost(WAIT).until(() -> breakerMessages().stream().anyMatch(message -> message.contains("OPEN")));
        int queuedWhileOpen = OutcomeCollector.browse(connector.brokerUrl(), FaultRequests.REQUEST_QUEUE).size();
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - outageStarted).toMillis()));
        d6 = new WireMockServer(options().bindAddress("127.0.0.1").port(d6Port));
        d6.start();
        stubD6Answers();

        OutcomeCollector.Records outcomes = OutcomeCollector.drain(connector.brokerUrl(), allRequests.keySet(), WAIT);
        await().atMost(WAIT).until(() -> breakerMessages().stream().anyMatch(message -> message.contains("CLOSED")));
        System.out.printf("d6 refusing connections: %d inputs, %d outcome records for %d distinct ids, duplicates %s,"
                        + " outcomes %s, attempts %s; %d message(s) on the request queue while open; breaker log %s%n",
                allRequests.size(), outcomes.all().size(), outcomes.distinctIds().size(), outcomes.duplicateIds(),
                outcomes.countsByOutcome(), attemptCounts(outcomes), queuedWhileOpen, breakerMessages());

        assertThat(queuedWhileOpen).as("messages on the request queue while the breaker is open").isPositive();
        assertOneOutcomePerRequest(outcomes, allRequests);
        assertThat(D6Calls.patchesByRequestId(d6, allRequests)).as("d6 calls per request once d6 is back")
                .allSatisfy((requestId, calls) -> assertThat(calls).as("calls for %s", requestId).isEqualTo(1));
        assertBreakerOpenedProbedAndClosed();
    }

    private static void assertOneOutcomePerRequest(OutcomeCollector.Records outcomes,
                                                   Map<String, Integer> allRequests) {
        assertThat(outcomes.missingIds(allRequests.keySet())).as("request ids without an outcome record").isEmpty();
        assertThat(outcomes.unexpectedIds(allRequests.keySet())).as("outcome records of unknown ids").isEmpty();
        assertThat(outcomes.duplicateIds()).as("request ids with more than one outcome record").isEmpty();
        assertThat(outcomes.byRequestId().values()).as("final outcomes").allSatisfy(record -> {
            assertThat(record.path("outcome").asText()).as("outcome of %s", record.path("request_id"))
                    .isEqualTo("CHANGED");
            assertThat(record.path("attempts").asInt()).as("attempts of %s", record.path("request_id"))
                    .isBetween(1, MAXIMUM_ATTEMPTS);
        });
    }

    /** Checks that each request's d6 calls in the journal match its attempts, and that exactly one got status 200. */
    private static void assertAttemptsMatchD6Calls(OutcomeCollector.Records outcomes,
                                                   Map<String, Integer> allRequests) {
        Map<Integer, Integer> callsBySchool = D6Calls.patchesBySchool(d6);
        Map<Integer, Integer> successesBySchool = new HashMap<>();
        for (ServeEvent event : d6.getAllServeEvents()) {
            if (event.getRequest().getMethod().equals(RequestMethod.PATCH) && event.getResponse().getStatus() == 200) {
                successesBySchool.merge(school(event.getRequest().getUrl()), 1, Integer::sum);
            }
        }
        outcomes.byRequestId().forEach((requestId, record) -> {
            int school = allRequests.get(requestId);
            assertThat(callsBySchool.getOrDefault(school, 0)).as("d6 calls for %s", requestId)
                    .isEqualTo(record.path("attempts").asInt());
            assertThat(successesBySchool.getOrDefault(school, 0)).as("d6 calls answered 200 for %s", requestId)
                    .isEqualTo(1);
        });
    }

    private static void assertBreakerOpenedProbedAndClosed() {
        List<String> messages = breakerMessages();
        int opened = indexOf(messages, "d6 circuit OPEN", 0);
        int halfOpen = indexOf(messages, "d6 circuit HALF_OPEN", opened);
        int closed = indexOf(messages, "d6 circuit CLOSED", halfOpen);
        assertThat(opened).as("position of OPEN in %s", messages).isNotNegative();
        assertThat(halfOpen).as("position of HALF_OPEN after OPEN in %s", messages).isGreaterThan(opened);
        assertThat(closed).as("position of CLOSED after HALF_OPEN in %s", messages).isGreaterThan(halfOpen);
    }

    private static int indexOf(List<String> messages, String prefix, int from) {
        for (int i = Math.max(from, 0); i < messages.size(); i++) {
            if (messages.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static void stubD6Answers() {
        d6.resetMappings();
        d6.stubFor(patch(urlPathMatching("/api/v1/settings/clients/[0-9]+"))
                .willReturn(aResponse().withStatus(200).withBody("[]")));
        d6.stubFor(get(urlEqualTo("/api/v1/settings/clients")).willReturn(aResponse().withStatus(200).withBody("[]")));
    }

    private static Map<Integer, Integer> attemptCounts(OutcomeCollector.Records outcomes) {
        Map<Integer, Integer> requestsByAttempts = new TreeMap<>();
        outcomes.byRequestId().values().forEach(record ->
                requestsByAttempts.merge(record.path("attempts").asInt(), 1, Integer::sum));
        return requestsByAttempts;
    }

    private static int school(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf('/') + 1));
    }

    private static List<String> breakerMessages() {
        synchronized (breakerLog) {
            return breakerLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static Logger breakerLogger() {
        return (Logger) LoggerFactory.getLogger(D6CircuitBreaker.class);
    }
}
