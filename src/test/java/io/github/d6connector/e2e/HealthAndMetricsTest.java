package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * /observe/health (live and ready) and the Prometheus metrics at /observe/metrics after traffic on every input.
 */
class HealthAndMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        d6.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[]")));
        d6.stubFor(patch(urlEqualTo("/api/v1/settings/clients/1001")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        d6.stubFor(patch(urlEqualTo("/api/v1/settings/clients/1001")).inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(204)));
        connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                "connector.batch.folder", workFolder.resolve("batches").toString(),
                "d6.rate-limit.requests-per-second", "20"));
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    private static Map<String, String> checks(JsonNode health) {
        Map<String, String> checks = new HashMap<>();
        health.get("checks").forEach(check -> checks.put(check.get("name").asText(), check.get("status").asText()));
        return checks;
    }

    @Test
    void readinessListsEveryCheck() throws Exception {
        // Consumers report ready once their first poll or connection succeeded, shortly after startup.
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> connector.rest("GET", "/observe/health/ready", null, Map.of()),
                        answer -> answer.statusCode() == 200);

        JsonNode health = JSON.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        Map<String, String> checks = checks(health);
        assertThat(checks).containsEntry("jms-broker", "UP");
        assertThat(checks).containsEntry("d6-circuit", "UP");
        assertThat(checks).containsEntry("context", "UP");
        assertThat(checks).containsKey("route:d6-change-client-state");
        assertThat(checks).containsKey("consumer:jms-requests");
        assertThat(checks.values()).allMatch("UP"::equals);
    }

    @Test
    void livenessIsUpWithoutReadinessChecks() throws Exception {
        HttpResponse<String> response = connector.rest("GET", "/observe/health/live", null, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(checks(health)).doesNotContainKeys("jms-broker", "d6-circuit");
    }

    @Test
    void healthNeverCallsD6() throws Exception {
        int before = d6.getAllServeEvents().size();

        connector.rest("GET", "/observe/health", null, Map.of());

        assertThat(d6.getAllServeEvents()).hasSize(before);
    }

    @Test
    void metricsCountEveryInputAndD6Call() throws Exception {
        connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}");
        connector.patchIntegrationState("1001", "{\"api_type_id\":8,\"state\":1}");
        Files.createDirectories(connector.inbox());
        Files.writeString(connector.inbox().resolve("metrics.json"), "{\"school_login_id\": 1000, \"api_type_id\": 8, \"state\": 0}");
        connector.awaitResultFile(Duration.ofSeconds(20));
        connector.sendText("d6.client-state.requests", "{\"school_login_id\": 1000, \"api_type_id\": 9, \"state\": 1}");
        connector.rest("POST", "/api/v1/batches", "school_login_id,api_type_id,state\n1000,9,0\n",
                Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "text/csv"));
        Files.writeString(connector.inbox().resolve("waiting.csv.part"), "not picked up");

        String metrics = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(HealthAndMetricsTest::scrape, text -> text.contains("input=\"jms\"") && text.contains("input=\"batch\""));

        assertThat(metrics).containsPattern("connector_requests_total\\{.*input=\"rest\".*outcome=\"CHANGED\".*} 1\\.0");
        assertThat(metrics).containsPattern("connector_requests_total\\{.*input=\"rest\".*outcome=\"UNCHANGED\".*} 1\\.0");
        assertThat(metrics).containsPattern("connector_requests_total\\{.*input=\"file\".*outcome=\"CHANGED\".*} 1\\.0");
        assertThat(metrics).containsPattern("connector_requests_total\\{.*input=\"jms\".*outcome=\"CHANGED\".*} 1\\.0");
        assertThat(metrics).containsPattern("connector_requests_total\\{.*input=\"batch\".*outcome=\"CHANGED\".*} 1\\.0");
        assertThat(metrics).containsPattern("connector_d6_calls_seconds_bucket\\{.*status=\"200\".*}");
        assertThat(metrics).containsPattern("connector_d6_calls_seconds_count\\{.*status=\"503\".*} 1");
        assertThat(metrics).containsPattern("connector_d6_retries_total(\\{.*})? 1\\.0");
        assertThat(metrics).containsPattern("connector_d6_circuit_state(\\{.*})? 0\\.0");
        assertThat(metrics).containsPattern("connector_inbox_backlog_files(\\{.*})? 0\\.0");
        assertThat(metrics).containsPattern("camel_exchanges_total\\{.*routeId=\"change-client-state\".*}");
        assertThat(metrics).doesNotContain("camel_exchange_event_notifier");
        assertThat(metrics).containsPattern("camel_route_policy_seconds_count\\{.*routeId=\"d6-change-client-state\".*}");
        assertThat(metrics).doesNotContain("routeId=\"decide-outcome\"");
        assertThat(metrics).containsPattern("connector_d6_rate_limit_wait_seconds_total(\\{.*})? [0-9.E-]+");
    }

    @Test
    void inboxBacklogCountsWaitingFiles() throws Exception {
        Path backlogFolder = workFolder.resolve("backlog");
        Files.createDirectories(backlogFolder.resolve("inbox"));
        Files.writeString(backlogFolder.resolve("inbox").resolve("a.json"), "{}");
        Files.writeString(backlogFolder.resolve("inbox").resolve("b.CSV"), "x");
        Files.writeString(backlogFolder.resolve("inbox").resolve("c.txt"), "x");

        try (TestConnector idle = TestConnector.start(d6.baseUrl(), backlogFolder, Map.of(
                "connector.batch.folder", backlogFolder.resolve("batches").toString(),
                "connector.file.read-lock-check-interval", "5000"))) {
            HttpResponse<String> response = idle.rest("GET", "/observe/metrics", null, Map.of());

            assertThat(response.body()).containsPattern("connector_inbox_backlog_files(\\{.*})? 2\\.0");
        }
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = connector.rest("GET", "/observe/metrics", null, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
