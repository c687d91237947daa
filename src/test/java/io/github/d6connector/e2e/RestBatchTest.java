package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

class RestBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workFolder;

    private WireMockServer d6;
    private TestConnector connector;

    @BeforeEach
    void start() throws Exception {
        d6 = D6Stub.start();
        d6.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[]")));
        d6.stubFor(patch(urlEqualTo("/api/v1/settings/clients/2000"))
                .willReturn(aResponse().withStatus(404)
                        .withBody("{\"error\":\"Not found\",\"error_description\":\"No client-authorised integrations found\"}")));
        connector = startConnector();
    }

    private TestConnector startConnector() throws Exception {
        return TestConnector.start(d6.baseUrl(), workFolder,
                Map.of("connector.batch.folder", workFolder.resolve("batches").toString()));
    }

    @AfterEach
    void stop() {
        connector.close();
        d6.stop();
    }

    private HttpResponse<String> post(String body, String contentType) throws Exception {
        return connector.rest("POST", "/api/v1/batches", body,
                Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", contentType));
    }

    private JsonNode get(String location) throws Exception {
        HttpResponse<String> response = connector.rest("GET", location, null, Map.of("X-API-Key", TestConnector.API_KEY));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode awaitFinished(String location) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(location), status -> status.get("state").asText().equals("FINISHED"));
    }

    @Test
    void csvBatchRunsAndReportsInOrder() throws Exception {
        HttpResponse<String> created = post("school_login_id,api_type_id,state,note\n1000,8,1,first\n2000,8,1,second\n1000,8,1,again\n",
                "text/csv");

        assertThat(created.statusCode()).isEqualTo(202);
        String location = created.headers().firstValue("Location").orElseThrow();
        String batchId = JSON.readTree(created.body()).get("batch_id").asText();
        assertThat(location).isEqualTo("/api/v1/batches/" + batchId);

        JsonNode status = awaitFinished(location);
        assertThat(status.get("rows_done").asInt()).isEqualTo(3);
        assertThat(status.get("counts").get("CHANGED").asInt()).isEqualTo(2);
        assertThat(status.get("counts").get("REJECTED").asInt()).isEqualTo(1);
        String report = status.get("report").asText();
        assertThat(report.lines().toList()).hasSize(4);
        assertThat(report.lines().skip(1).map(line -> line.split(",")[0]).toList()).containsExactly("2", "3", "4");
        assertThat(report).contains("duplicate of line 2");
        d6.verify(1, patchRequestedFor(urlEqualTo("/api/v1/settings/clients/1000"))
                .withRequestBody(equalTo("{\"api_type_id\":8,\"state\":1}")));
        d6.verify(1, patchRequestedFor(urlEqualTo("/api/v1/settings/clients/2000")));
    }

    @Test
    void jsonBatchReportSurvivesRestart() throws Exception {
        HttpResponse<String> created = post("[{\"school_login_id\":1001,\"api_type_id\":9,\"state\":0}]",
                "application/json");
        String location = created.headers().firstValue("Location").orElseThrow();
        awaitFinished(location);

        connector.close();
        connector = startConnector();

        JsonNode status = get(location);
        assertThat(status.get("state").asText()).isEqualTo("FINISHED");
        assertThat(status.get("report").get(0).get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(status.get("report").get(0).get("school_login_id").asInt()).isEqualTo(1001);
        d6.verify(1, patchRequestedFor(urlEqualTo("/api/v1/settings/clients/1001")));
    }

    @Test
    void unreadableBatchIsFailedWithReason() throws Exception {
        HttpResponse<String> created = post("school,api_type_id\n1000,8\n", "text/csv");
        String location = created.headers().firstValue("Location").orElseThrow();

        JsonNode status = await().atMost(Duration.ofSeconds(20))
                .until(() -> get(location), s -> s.get("state").asText().equals("FAILED"));

        assertThat(status.get("reason").asText()).contains("missing school_login_id, state");
    }

    @Test
    void batchRefusals() throws Exception {
        assertThat(connector.rest("POST", "/api/v1/batches", "[]", Map.of("Content-Type", "application/json"))
                .statusCode()).isEqualTo(401);
        assertThat(post("a,b", "text/plain").statusCode()).isEqualTo(415);
        assertThat(connector.rest("GET", "/api/v1/batches/0f8c2b1e-1111-4222-8333-944455556666", null,
                Map.of("X-API-Key", TestConnector.API_KEY)).statusCode()).isEqualTo(404);
        assertThat(connector.rest("GET", "/api/v1/batches/..%2F..%2Fsecrets", null,
                Map.of("X-API-Key", TestConnector.API_KEY)).statusCode()).isEqualTo(404);
    }
}
