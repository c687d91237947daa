package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.github.d6connector.testsupport.BulkFiles;
import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * The process-wide rate limit on calls to d6, measured from the times WireMock logged each request.
 *
 * <p>WireMock logs a request when it arrives, to the millisecond, so each time carries the scheduling delay of
 * that one call on top of the start slot the limiter gave it. The limiter spaces start slots 25 ms apart at 40
 * per second. A one-second window of arrivals can therefore hold {@code 40 + d / 25} calls when some calls
 * arrive up to {@code d} ms late; on a loaded 2-core host {@code d} reached 150 ms, so the window check allows
 * {@value #ARRIVAL_DELAY_ALLOWANCE_MS} ms. Such delays hardly change the rate between the first and the last
 * call, which must not exceed the limit by more than 1 %.
 */
class RateLimitTest {

    private static final int LIMIT = 40;
    private static final int ARRIVAL_DELAY_ALLOWANCE_MS = 250;
    private static final int WINDOW_ALLOWANCE = ARRIVAL_DELAY_ALLOWANCE_MS * LIMIT / 1000;
    private static final String CLIENTS_PATH = "/api/v1/settings/clients/";
    private static final String CLIENT_PATH_PATTERN = "/api/v1/settings/clients/[0-9]+";
    private static final String THROTTLED_PATH = CLIENTS_PATH + 3000;
    private static final String REST_SCHOOL_PATH = CLIENTS_PATH + 9100;
    private static final int THROTTLED_FILE_ROWS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                "d6.rate-limit.requests-per-second", String.valueOf(LIMIT),
                "d6.rate-limit.max-concurrent", "8",
                // The pause after a 429 is capped at this delay, so it must exceed the 1 s Retry-After below.
                "d6.retry.maximum-delay", "2000",
                // More rows in progress than calls allowed at once, so that rows busy delivering their outcome
                // never leave the limiter idle and the measured rate is the limiter's own.
                "connector.bulk.concurrency", "32"));
        warmUp();
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    @BeforeEach
    void resetD6() {
        d6.resetAll();
        d6.stubFor(patch(urlPathMatching(CLIENT_PATH_PATTERN)).atPriority(10)
                .willReturn(aResponse().withStatus(200).withBody("[]")));
    }

    /**
     * Sends 2 s of rows before the tests, so that connection setup, class loading and the JIT compiler do not
     * slow the first measured calls.
     */
    private static void warmUp() throws Exception {
        d6.stubFor(patch(urlPathMatching(CLIENT_PATH_PATTERN)).willReturn(aResponse().withStatus(200).withBody("[]")));
        BulkFiles.drop(connector.inbox(), "warm-up.csv", csv(1, 2 * LIMIT));
        BulkFiles.awaitReport(connector.outbox(), "warm-up", "csv", Duration.ofSeconds(30));
    }

    @Test
    void bulkFileHoldsConfiguredRate() throws Exception {
        // 10 s at the limit by default; -Drate-limit.rows=1200 makes it the 30 s run quoted in bench/BENCHMARKS.md.
        int rowCount = Integer.getInteger("rate-limit.rows", 400);

        BulkFiles.drop(connector.inbox(), "steady.csv", csv(1000, rowCount));
        Path report = BulkFiles.awaitReport(connector.outbox(), "steady", "csv",
                Duration.ofSeconds(20 + rowCount / LIMIT));

        List<Long> received = receivedMillis(anyRequestedFor(anyUrl()));
        assertThat(received).hasSize(rowCount);
        d6.verify(rowCount, patchRequestedFor(urlPathMatching(CLIENT_PATH_PATTERN))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withRequestBody(equalTo("{\"api_type_id\":8,\"state\":1}")));
        assertThat(BulkFiles.csvRows(report).stream().map(row -> row.get("outcome")).distinct().toList())
                .containsExactly("CHANGED");
        System.out.printf("Rate limit %d/s: %d calls over %.1f s, %.2f calls/s (%.3f of the limit),"
                        + " at most %d calls in any one-second window%n", LIMIT, received.size(),
                (received.get(received.size() - 1) - received.get(0)) / 1000.0, rateBetweenFirstAndLast(received),
                rateBetweenFirstAndLast(received) / LIMIT, maxCallsInOneSecond(received));
        assertThat(rateBetweenFirstAndLast(received)).as("calls per second between the first and the last call")
                .isBetween(0.95 * LIMIT, 1.01 * LIMIT);
        assertThat(maxCallsInOneSecond(received)).as("max calls in any window [t, t + 1000 ms)")
                .isLessThanOrEqualTo(LIMIT + WINDOW_ALLOWANCE);
    }

    @Test
    void restCallSharesLimiterWithBulkFile() throws Exception {
        int rowCount = 200;
        int restCount = 20;

        BulkFiles.drop(connector.inbox(), "shared.csv", csv(2000, rowCount));
        await().atMost(Duration.ofSeconds(20)).until(() -> d6.getAllServeEvents().size() >= LIMIT);
        List<HttpResponse<String>> responses = sendRestCalls(9000, restCount);
        Path report = BulkFiles.awaitReport(connector.outbox(), "shared", "csv", Duration.ofSeconds(30));

        for (int i = 0; i < restCount; i++) {
            assertThat(responses.get(i).statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(responses.get(i).body()).get("outcome").asText()).isEqualTo("CHANGED");
            d6.verify(1, patchRequestedFor(urlEqualTo(CLIENTS_PATH + (9000 + i)))
                    .withRequestBody(equalTo("{\"api_type_id\":8,\"state\":1}")));
        }
        assertThat(BulkFiles.csvRows(report)).hasSize(rowCount);
        List<Long> bulk = receivedMillis(patchRequestedFor(urlPathMatching(CLIENTS_PATH + "2[0-9]{3}")));
        List<Long> rest = receivedMillis(patchRequestedFor(urlPathMatching(CLIENTS_PATH + "9[0-9]{3}")));
        List<Long> all = receivedMillis(anyRequestedFor(anyUrl()));
        assertThat(bulk).hasSize(rowCount);
        assertThat(all).hasSize(rowCount + restCount);
        assertThat(rest.get(rest.size() - 1)).as("last REST call reached d6 before the bulk file's last row")
                .isLessThan(bulk.get(bulk.size() - 1));
        // Only an upper bound: a pause of the host in this 5 s run may lower the rate, but nothing may raise it.
        assertThat(rateBetweenFirstAndLast(all)).as("calls per second between the first and the last call")
                .isLessThanOrEqualTo(1.01 * LIMIT);
        assertThat(maxCallsInOneSecond(all)).as("max calls in any window [t, t + 1000 ms)")
                .isLessThanOrEqualTo(LIMIT + WINDOW_ALLOWANCE);
    }

    @Test
    void retryAfterPausesCallsStartedAfterIt() throws Exception {
        ThrottledRun run = runWithThrottledRow();

        assertThat(run.restResponse().statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(run.restResponse().body()).get("outcome").asText()).isEqualTo("CHANGED");
        d6.verify(1, patchRequestedFor(urlEqualTo(REST_SCHOOL_PATH))
                .withRequestBody(equalTo("{\"api_type_id\":8,\"state\":1}")));
        d6.verify(2, patchRequestedFor(urlEqualTo(THROTTLED_PATH)));
        d6.verify(THROTTLED_FILE_ROWS + 2, anyRequestedFor(anyUrl()));
        List<Long> restCall = run.millisAfterThrottle(REST_SCHOOL_PATH);
        assertThat(restCall).hasSize(1);
        assertThat(restCall.get(0)).as("ms from the 429 to the REST call sent after it").isGreaterThanOrEqualTo(950);
        List<Long> throttledCalls = run.millisAfterThrottle(THROTTLED_PATH);
        assertThat(throttledCalls).hasSize(2);
        assertThat(throttledCalls.get(1)).as("ms from the 429 to the retry of the throttled row")
                .isGreaterThanOrEqualTo(950);
        // Callers that got their start slot before the 429 may still call within 8 x 25 ms, as the disabled test
        // below shows. Every caller that requests a slot after the 429 waits for the pause to end.
        assertThat(run.arrivalsAfterThrottle(400, 950)).as("calls that reached d6 400 to 950 ms after the 429")
                .isEmpty();
        assertThat(run.arrivalsAfterThrottle(950, 60_000)).as("calls that reached d6 after the pause")
                .hasSizeGreaterThan(THROTTLED_FILE_ROWS / 2);
        List<Map<String, String>> rows = BulkFiles.csvRows(run.report());
        assertThat(rows.stream().map(row -> row.get("outcome")).distinct().toList()).containsExactly("CHANGED");
        assertThat(rows.get(0).get("attempts")).isEqualTo("2");
    }

    @Test
    void retryAfterPausesCallsAlreadyWaiting() throws Exception {
        ThrottledRun run = runWithThrottledRow();

        assertThat(run.arrivalsAfterThrottle(1, 950)).as("calls that reached d6 less than 950 ms after the 429")
                .isEmpty();
        d6.verify(THROTTLED_FILE_ROWS + 2, anyRequestedFor(anyUrl()));
    }

    /**
     * Drops a file of {@value #THROTTLED_FILE_ROWS} rows whose first row, school 3000, gets a 429 with
     * {@code Retry-After: 1} on its first call, and sends a REST call for school 9100 as soon as d6 has logged
     * that 429.
     */
    private static ThrottledRun runWithThrottledRow() throws Exception {
        // Two tests drop throttled.csv; the report of the earlier one must not end the wait of the later one.
        if (java.nio.file.Files.isDirectory(connector.outbox())) {
            try (var reports = java.nio.file.Files.newDirectoryStream(connector.outbox(), "throttled-*")) {
                for (Path report : reports) {
                    java.nio.file.Files.delete(report);
                }
            }
        }
        d6.stubFor(patch(urlEqualTo(THROTTLED_PATH)).atPriority(1).inScenario("throttle")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        d6.stubFor(patch(urlEqualTo(THROTTLED_PATH)).atPriority(1).inScenario("throttle")
                .whenScenarioStateIs("answered")
                .willReturn(aResponse().withStatus(200).withBody("[]")));

        BulkFiles.drop(connector.inbox(), "throttled.csv", csv(3000, THROTTLED_FILE_ROWS));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(() -> !d6.findAll(patchRequestedFor(urlEqualTo(THROTTLED_PATH))).isEmpty());
        HttpResponse<String> restResponse = sendRestCalls(9100, 1).get(0);
        Path report = BulkFiles.awaitReport(connector.outbox(), "throttled", "csv", Duration.ofSeconds(30));

        List<LoggedRequest> requests = new ArrayList<>(d6.findAll(anyRequestedFor(anyUrl())));
        requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        long throttledAt = d6.findAll(patchRequestedFor(urlEqualTo(THROTTLED_PATH))).stream()
                .mapToLong(request -> request.getLoggedDate().getTime()).min().orElseThrow();
        return new ThrottledRun(requests, throttledAt, restResponse, report);
    }

    /** What d6 received in {@link #runWithThrottledRow()}, sorted by arrival, and what the REST caller got. */
    private record ThrottledRun(List<LoggedRequest> requests, long throttledAt, HttpResponse<String> restResponse,
                                Path report) {

        /** Returns how many ms after the 429 each call to {@code url} arrived, in arrival order. */
        List<Long> millisAfterThrottle(String url) {
            return requests.stream().filter(request -> request.getUrl().equals(url))
                    .map(request -> request.getLoggedDate().getTime() - throttledAt).toList();
        }

        /** Describes the calls that arrived from {@code fromMillis} to before {@code toMillis} after the 429. */
        List<String> arrivalsAfterThrottle(long fromMillis, long toMillis) {
            List<String> arrivals = new ArrayList<>();
            for (LoggedRequest request : requests) {
                long after = request.getLoggedDate().getTime() - throttledAt;
                if (after >= fromMillis && after < toMillis) {
                    arrivals.add(request.getUrl() + " at +" + after + " ms");
                }
            }
            return arrivals;
        }
    }

    /** Returns a CSV file with one row per school, from {@code firstSchool}, all asking for API type 8 state 1. */
    private static String csv(int firstSchool, int rowCount) {
        StringBuilder csv = new StringBuilder("school_login_id,api_type_id,state\n");
        for (int i = 0; i < rowCount; i++) {
            csv.append(firstSchool + i).append(",8,1\n");
        }
        return csv.toString();
    }

    /** Sends {@code count} REST calls at once, for schools from {@code firstSchool}, and returns the responses. */
    private static List<HttpResponse<String>> sendRestCalls(int firstSchool, int count) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(count);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String school = String.valueOf(firstSchool + i);
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return connector.patchIntegrationState(school, "{\"api_type_id\":8,\"state\":1}");
                    } catch (Exception e) {
                        throw new IllegalStateException("REST call for school " + school + " failed", e);
                    }
                }, callers));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                responses.add(call.get());
            }
            return responses;
        } finally {
            callers.shutdown();
        }
    }

    /** Returns the times, in epoch milliseconds, at which WireMock received the matching requests, sorted. */
    private static List<Long> receivedMillis(RequestPatternBuilder pattern) {
        return d6.findAll(pattern).stream().map(request -> request.getLoggedDate().getTime()).sorted().toList();
    }

    /** Returns the calls per second between the first and the last call: (count - 1) / span. */
    private static double rateBetweenFirstAndLast(List<Long> sortedMillis) {
        long span = sortedMillis.get(sortedMillis.size() - 1) - sortedMillis.get(0);
        return (sortedMillis.size() - 1) * 1000.0 / span;
    }

    /** Returns the maximum number of calls in any window [t, t + 1000 ms) that starts at a call. */
    private static int maxCallsInOneSecond(List<Long> sortedMillis) {
        int max = 0;
        int end = 0;
        for (int start = 0; start < sortedMillis.size(); start++) {
            while (end < sortedMillis.size() && sortedMillis.get(end) < sortedMillis.get(start) + 1000) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        return max;
    }
}
