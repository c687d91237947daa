package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.github.d6connector.d6.D6RetryScheduler;
import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * Checks Camel redelivery of d6 calls: back-off between attempts, d6's {@code Retry-After}, the maximum delay,
 * refused connections, the retry log, and that a request waiting for redelivery does not hold up others.
 *
 * <p>Each nested class starts a connector with the settings its tests need and stops it when they are done.
 * Each test uses its own school, so a call still in flight from a failed test cannot match another test's stubs.
 */
class D6RedeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_BODY = "{\"api_type_id\":8,\"state\":1}";
    private static final String RETRY_LOGGER = D6RetryScheduler.class.getName();
    private static final String ERROR_QUEUE = "d6.client-state.errors";

    /**
     * Allowed shortfall of a measured gap between two d6 calls. WireMock logs request times in whole
     * milliseconds, and the two calls are logged at slightly different points of their handling.
     */
    private static final long TIMING_TOLERANCE_MILLIS = 20;

    /**
     * REST timeout of these tests, shorter than TestConnector's 30 s, so that a request stuck in redelivery
     * fails its test quickly.
     */
    private static final Duration REST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Settings every connector of this class starts with. The default rate limit of 10 calls per second spaces
     * call starts 100 ms apart, which would hide the 50 ms first back-off. The circuit breaker would open after
     * the failing calls of a few tests and make later requests wait for d6 instead of spending their own
     * attempts. The short shutdown timeout keeps a call still waiting for redelivery, after a failed test, from
     * holding up the run for 30 s.
     */
    private static final Map<String, String> BASE_SETTINGS = Map.of(
            "d6.rate-limit.requests-per-second", "0",
            "d6.circuit.enabled", "false",
            "camel.main.shutdown-timeout", "5");

    private static final AtomicInteger REQUEST_COUNTER = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static ListAppender<ILoggingEvent> logEvents;

    @BeforeAll
    static void startD6AndCaptureLog() {
        logEvents = new ListAppender<>();
        logEvents.start();
        rootLogger().addAppender(logEvents);
        d6 = D6Stub.start();
    }

    @AfterAll
    static void stopD6AndLogCapture() {
        d6.stop();
        rootLogger().detachAppender(logEvents);
        logEvents.stop();
    }

    @BeforeEach
    void resetD6() {
        d6.resetAll();
    }

    /** Ends any call still being redelivered, because the stub returns 404 to every call without a stub. */
    @AfterEach
    void removeD6Stubs() {
        d6.resetAll();
    }

    /** Connector with the TestConnector defaults: 3 redeliveries, 50 ms initial delay, multiplier 2, 500 ms cap. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DefaultDelays {

        private TestConnector connector;

        @BeforeAll
        void startConnector() throws Exception {
            connector = TestConnector.start(d6.baseUrl(), workFolder.resolve("default-delays"), BASE_SETTINGS);
        }

        @AfterAll
        void stopConnector() {
            connector.close();
        }

        @Test
        void unavailableTwiceThenChanged() throws Exception {
            int school = 2001;
            stubSequence(clientPath(school),
                    aResponse().withStatus(503),
                    aResponse().withStatus(503),
                    aResponse().withStatus(200).withBody("[]"));
            String requestId = newRequestId("503-503-200");

            HttpResponse<String> response = patchSchool(connector, school, requestId);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode outcome = JSON.readTree(response.body());
            assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
            assertThat(outcome.get("http_status").asInt()).isEqualTo(200);
            assertThat(outcome.get("attempts").asInt()).isEqualTo(3);
            verifyPatchesToSchool(school, 3);
        }

        @Test
        void serverErrorFailsAfterFourAttempts() throws Exception {
            int school = 2002;
            d6.stubFor(patch(urlEqualTo(clientPath(school))).willReturn(aResponse().withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"server_error\",\"error_description\":\"Database unavailable\"}")));
            String requestId = newRequestId("500-always");

            HttpResponse<String> response = patchSchool(connector, school, requestId);

            assertThat(response.statusCode()).isEqualTo(502);
            JsonNode outcome = JSON.readTree(response.body());
            assertThat(outcome.get("outcome").asText()).isEqualTo("FAILED");
            assertThat(outcome.get("http_status").asInt()).isEqualTo(500);
            assertThat(outcome.get("attempts").asInt()).isEqualTo(4);
            assertThat(outcome.get("d6_error").asText()).isEqualTo("server_error");
            assertThat(outcome.get("d6_error_description").asText()).isEqualTo("Database unavailable");
            assertThat(outcome.get("reason").asText())
                    .isEqualTo("d6 did not succeed after 4 attempts; last error: HTTP 500");
            verifyPatchesToSchool(school, 4);
            JsonNode queued = receiveRecord(connector, ERROR_QUEUE, requestId);
            assertThat(queued).as("record %s on %s", requestId, ERROR_QUEUE).isNotNull();
            assertThat(queued.get("outcome").asText()).isEqualTo("FAILED");
            assertThat(queued.get("attempts").asInt()).isEqualTo(4);
        }

        @Test
        void serverErrorBacksOffExponentially() throws Exception {
            int school = 2003;
            d6.stubFor(patch(urlEqualTo(clientPath(school))).willReturn(aResponse().withStatus(500)));
            String requestId = newRequestId("500-back-off");

            HttpResponse<String> response = patchSchool(connector, school, requestId);

            assertThat(response.statusCode()).isEqualTo(502);
            verifyPatchesToSchool(school, 4);
            List<Long> gaps = gapsBetweenCalls(school);
            assertThat(gaps.get(0)).as("gap before attempt 2").isGreaterThanOrEqualTo(50 - TIMING_TOLERANCE_MILLIS);
            assertThat(gaps.get(1)).as("gap before attempt 3").isGreaterThanOrEqualTo(100 - TIMING_TOLERANCE_MILLIS);
            assertThat(gaps.get(2)).as("gap before attempt 4").isGreaterThanOrEqualTo(200 - TIMING_TOLERANCE_MILLIS);
            // Lower bounds only, plus the first and last gap compared: on a loaded machine a short gap can
            // stretch past the next nominal delay, but not past four times it.
            assertThat(gaps.get(2)).as("gap before attempt 4 against the first gap").isGreaterThan(gaps.get(0));
        }

        @Test
        void serverErrorLogsEachRetry() throws Exception {
            int school = 2004;
            d6.stubFor(patch(urlEqualTo(clientPath(school))).willReturn(aResponse().withStatus(500)));
            String requestId = newRequestId("500-log");

            HttpResponse<String> response = patchSchool(connector, school, requestId);

            assertThat(response.statusCode()).isEqualTo(502);
            verifyPatchesToSchool(school, 4);
            List<String> retryLines = retryLogLines(requestId);
            assertThat(retryLines).hasSize(3);
            assertThat(retryLines.get(0)).contains("attempt 1 of 4", "HTTP 500", "retrying in 50 ms");
            assertThat(retryLines.get(1)).contains("attempt 2 of 4", "HTTP 500", "retrying in 100 ms");
            assertThat(retryLines.get(2)).contains("attempt 3 of 4", "HTTP 500", "retrying in 200 ms");
        }
    }

    /**
     * Connector with the default 500 ms maximum delay, alone in its class because a 429 from d6 pauses every
     * call of the connector.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RetryAfterCap {

        private TestConnector connector;

        @BeforeAll
        void startConnector() throws Exception {
            connector = TestConnector.start(d6.baseUrl(), workFolder.resolve("retry-after-cap"), BASE_SETTINGS);
        }

        @AfterAll
        void stopConnector() {
            connector.close();
        }

        @Test
        void retryAfterBeyondMaximumDelayIsCapped() throws Exception {
            int school = 2005;
            stubSequence(clientPath(school),
                    aResponse().withStatus(429).withHeader("Retry-After", "3600"),
                    aResponse().withStatus(200).withBody("[]"));
            String requestId = newRequestId("429-retry-after-3600");

            HttpResponse<String> response = patchSchool(connector, school, requestId);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode outcome = JSON.readTree(response.body());
            assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
            assertThat(outcome.get("attempts").asInt()).isEqualTo(2);
            verifyPatchesToSchool(school, 2);
            assertThat(gapsBetweenCalls(school).get(0)).isBetween(400L, 1500L);
            List<String> retryLines = retryLogLines(requestId);
            assertThat(retryLines).hasSize(1);
            assertThat(retryLines.get(0)).contains("HTTP 429", "retrying in 500 ms", "Retry-After of 3600 s");
        }
    }

    /** Connector whose 5000 ms maximum delay lets a Retry-After of a few seconds apply in full. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class LongMaximumDelay {

        private TestConnector connector;

        @BeforeAll
        void startConnector() throws Exception {
            connector = TestConnector.start(d6.baseUrl(), workFolder.resolve("long-maximum-delay"),
                    withBaseSettings(Map.of("d6.retry.maximum-delay", "5000")));
        }

        @AfterAll
        void stopConnector() {
            connector.close();
        }

        @Test
        void retryAfterSecondsDelaysNextCall() throws Exception {
            int school = 3001;
            stubSequence(clientPath(school),
                    aResponse().withStatus(429).withHeader("Retry-After", "2"),
                    aResponse().withStatus(200).withBody("[]"));
            String requestId = newRequestId("429-retry-after-2");

            HttpResponse<String> response = patchSchool(connector, school, requestId);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode outcome = JSON.readTree(response.body());
            assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
            assertThat(outcome.get("attempts").asInt()).isEqualTo(2);
            verifyPatchesToSchool(school, 2);
            assertThat(gapsBetweenCalls(school).get(0)).isGreaterThanOrEqualTo(2000 - TIMING_TOLERANCE_MILLIS);
            List<String> retryLines = retryLogLines(requestId);
            assertThat(retryLines).hasSize(1);
            assertThat(retryLines.get(0))
                    .contains("attempt 1 of 4", "HTTP 429", "retrying in 2000 ms", "Retry-After of 2 s");
        }

        @Test
        void retryAfterHttpDateDelaysNextCall() throws Exception {
            int school = 3002;
            // The header has whole seconds, so the date is truncated to lie 2 to 3 s ahead.
            ZonedDateTime retryAt = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            stubSequence(clientPath(school),
                    aResponse().withStatus(503)
                            .withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAt)),
                    aResponse().withStatus(200).withBody("[]"));
            String requestId = newRequestId("503-retry-after-date");

            HttpResponse<String> response = patchSchool(connector, school, requestId);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode outcome = JSON.readTree(response.body());
            assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
            assertThat(outcome.get("attempts").asInt()).isEqualTo(2);
            verifyPatchesToSchool(school, 2);
            assertThat(gapsBetweenCalls(school).get(0)).isBetween(1500L, 4000L);
        }

        @Test
        void redeliveryDoesNotBlockOtherRequests() throws Exception {
            stubSequence(clientPath(1000),
                    aResponse().withStatus(503).withHeader("Retry-After", "3"),
                    aResponse().withStatus(200).withBody("[]"));
            d6.stubFor(patch(urlEqualTo(clientPath(1001))).willReturn(aResponse().withStatus(200).withBody("[]")));
            String waitingId = newRequestId("waiting-1000");
            String promptId = newRequestId("prompt-1001");

            CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return patchSchool(connector, 1000, waitingId);
                } catch (Exception e) {
                    throw new IllegalStateException("REST call for school 1000 failed", e);
                }
            });
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> d6.findAll(patchRequestedFor(urlEqualTo(clientPath(1000)))).size() == 1);

            long startNanos = System.nanoTime();
            HttpResponse<String> prompt = patchSchool(connector, 1001, promptId);
            long promptMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

            assertThat(prompt.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(prompt.body()).get("outcome").asText()).isEqualTo("CHANGED");
            assertThat(promptMillis).isLessThan(1500);
            assertThat(waiting).as("request for school 1000 once school 1001 finished").isNotDone();
            verifyPatchesToSchool(1001, 1);

            HttpResponse<String> waited = waiting.get(10, TimeUnit.SECONDS);
            assertThat(waited.statusCode()).isEqualTo(200);
            JsonNode waitedOutcome = JSON.readTree(waited.body());
            assertThat(waitedOutcome.get("outcome").asText()).isEqualTo("CHANGED");
            assertThat(waitedOutcome.get("attempts").asInt()).isEqualTo(2);
            verifyPatchesToSchool(1000, 2);
        }
    }

    /** Connector pointed at a localhost port with no listener. */
    @Nested
    class RefusedConnections {

        @Test
        void refusedConnectionFailsAfterFourAttempts() throws Exception {
            int closedPort = TestConnector.freePort();
            String requestId = newRequestId("refused");

            HttpResponse<String> response;
            try (TestConnector connector = TestConnector.start("http://127.0.0.1:" + closedPort,
                    workFolder.resolve("refused-connections"), BASE_SETTINGS)) {
                response = patchSchool(connector, 1000, requestId);
            }

            assertThat(response.statusCode()).isEqualTo(502);
            JsonNode outcome = JSON.readTree(response.body());
            assertThat(outcome.get("outcome").asText()).isEqualTo("FAILED");
            assertThat(outcome.get("attempts").asInt()).isEqualTo(4);
            assertThat(outcome.get("http_status").isNull()).isTrue();
            assertThat(outcome.get("reason").asText())
                    .isEqualTo("d6 did not succeed after 4 attempts; last error: connection to d6 refused");
            assertThat(response.body()).doesNotContain("127.0.0.1");
            assertThat(response.body()).doesNotContain(":" + closedPort);
            assertThat(response.body()).doesNotContain("http://");
            assertThat(response.body()).doesNotContain("Exception");
            assertThat(response.body()).doesNotContainPattern("\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w*");
            List<String> retryLines = retryLogLines(requestId);
            assertThat(retryLines).hasSize(3);
            assertThat(retryLines.get(0)).contains("attempt 1 of 4", "connection to d6 refused", "retrying in 50 ms");
            d6.verify(0, anyRequestedFor(anyUrl()));
        }
    }

    private static ch.qos.logback.classic.Logger rootLogger() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    private static Map<String, String> withBaseSettings(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(BASE_SETTINGS);
        all.putAll(settings);
        return all;
    }

    private static String newRequestId(String label) {
        return "redelivery-" + label + "-" + REQUEST_COUNTER.incrementAndGet();
    }

    private static String clientPath(int school) {
        return "/api/v1/settings/clients/" + school;
    }

    private static HttpResponse<String> patchSchool(TestConnector target, int school, String requestId)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.restPort()
                        + "/api/v1/clients/" + school + "/integration-state"))
                .timeout(REST_TIMEOUT)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(REQUEST_BODY))
                .header("X-API-Key", TestConnector.API_KEY)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Reads {@code queue} until the record of {@code requestId} arrives, or returns null after 5 s. */
    private static JsonNode receiveRecord(TestConnector target, String queue, String requestId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            for (TextMessage message : target.receiveTexts(queue, 1, left)) {
                JsonNode record = JSON.readTree(message.getText());
                if (requestId.equals(record.get("request_id").asText())) {
                    return record;
                }
            }
        }
        return null;
    }

    /** Stubs d6 to return {@code responses} to calls to {@code path} in order, repeating the last one. */
    private static void stubSequence(String path, ResponseDefinitionBuilder... responses) {
        String scenario = "responses for " + path;
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? STARTED : "call " + (i + 1);
            String nextState = i + 1 < responses.length ? "call " + (i + 2) : state;
            d6.stubFor(patch(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(responses[i]).willSetStateTo(nextState));
        }
    }

    /** Asserts that d6 received exactly {@code count} calls for {@code school}, each the documented PATCH. */
    private static void verifyPatchesToSchool(int school, int count) {
        d6.verify(count, anyRequestedFor(urlEqualTo(clientPath(school))));
        d6.verify(count, patchRequestedFor(urlEqualTo(clientPath(school)))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo(REQUEST_BODY)));
    }

    /** Returns the milliseconds between consecutive calls for {@code school}, in the order d6 received them. */
    private static List<Long> gapsBetweenCalls(int school) {
        List<Long> times = d6.findAll(patchRequestedFor(urlEqualTo(clientPath(school)))).stream()
                .map(LoggedRequest::getLoggedDate)
                .map(Date::getTime)
                .sorted()
                .toList();
        return IntStream.range(1, times.size())
                .mapToObj(i -> times.get(i) - times.get(i - 1))
                .toList();
    }

    /** Returns the formatted retry log messages of {@code requestId}, oldest first. */
    private static List<String> retryLogLines(String requestId) {
        // AppenderBase.doAppend adds events while holding the appender's lock.
        synchronized (logEvents) {
            return logEvents.list.stream()
                    .filter(event -> event.getLoggerName().equals(RETRY_LOGGER))
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(message -> message.startsWith("Request " + requestId + ":"))
                    .toList();
        }
    }
}
