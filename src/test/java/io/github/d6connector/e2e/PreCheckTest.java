package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * d6.clients.pre-check=true against d6's Get Clients list: school 1000 has API types 8 (active) and 9
 * (inactive), school 1001 API type 8 (inactive).
 */
class PreCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder,
                Map.of("d6.clients.pre-check", "true", "d6.clients.cache-ttl", "60000"));
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    @BeforeEach
    void resetD6AndCache() {
        d6.resetAll();
        connector.clientsCache().invalidateAll();
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(D6Stub.CLIENTS_LIST)));
        d6.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[]")));
    }

    @Test
    void unauthorisedSchoolRejectedWithoutPatch() throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("2000", "{\"api_type_id\":8,\"state\":1}");

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode record = JSON.readTree(response.body());
        assertThat(record.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(record.get("http_status").isNull()).isTrue();
        assertThat(record.get("attempts").asInt()).isZero();
        assertThat(record.get("d6_error").isNull()).isTrue();
        assertThat(record.get("reason").asText())
                .isEqualTo("school 2000 has not authorised the integrator: d6's Get Clients list has no entry for it;"
                        + " nothing was sent to d6");
        d6.verify(0, patchRequestedFor(anyUrl()));
        d6.verify(1, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD)));
    }

    @Test
    void unauthorisedApiTypeRejectedWithoutPatch() throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("1001", "{\"api_type_id\":9,\"state\":1}");

        JsonNode record = JSON.readTree(response.body());
        assertThat(record.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(record.get("attempts").asInt()).isZero();
        assertThat(record.get("reason").asText()).contains("school 1001 has not authorised API type 9")
                .contains("only for API type 8");
        d6.verify(0, patchRequestedFor(anyUrl()));
    }

    @Test
    void sameStateUnchangedWithoutPatch() throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode record = JSON.readTree(response.body());
        assertThat(record.get("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(record.get("http_status").isNull()).isTrue();
        assertThat(record.get("attempts").asInt()).isZero();
        assertThat(record.get("reason").asText()).contains("activated_by_integrator \"Yes\"");
        d6.verify(0, patchRequestedFor(anyUrl()));
    }

    @Test
    void otherStateIsPatchedAndCached() throws Exception {
        HttpResponse<String> first = connector.patchIntegrationState("1000", "{\"api_type_id\":9,\"state\":1}");
        HttpResponse<String> second = connector.patchIntegrationState("1000", "{\"api_type_id\":9,\"state\":1}");
        HttpResponse<String> list = connector.getClients("");

        JsonNode firstRecord = JSON.readTree(first.body());
        assertThat(firstRecord.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(firstRecord.get("attempts").asInt()).isEqualTo(1);
        JsonNode secondRecord = JSON.readTree(second.body());
        assertThat(secondRecord.get("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(secondRecord.get("attempts").asInt()).isZero();
        JsonNode updated = JSON.readTree(list.body()).get(1);
        assertThat(updated.get("api_type_id").asInt()).isEqualTo(9);
        assertThat(updated.get("activated_by_integrator").asText()).isEqualTo("Yes");
        assertThat(updated.get("active").asBoolean()).isTrue();
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withRequestBody(equalTo("{\"api_type_id\":9,\"state\":1}")));
        d6.verify(1, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
    }

    @Test
    void d6RejectionDropsCachedList() throws Exception {
        d6.stubFor(patch(urlEqualTo("/api/v1/settings/clients/1001")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": \"Unauthorized\", \"error_description\": \"Client access not authorised for this API type\"}")));

        JsonNode rejected = JSON.readTree(connector.patchIntegrationState("1001",
                "{\"api_type_id\":8,\"state\":1}").body());
        connector.patchIntegrationState("1001", "{\"api_type_id\":8,\"state\":1}");

        assertThat(rejected.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("http_status").asInt()).isEqualTo(401);
        d6.verify(2, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
        d6.verify(2, patchRequestedFor(urlEqualTo("/api/v1/settings/clients/1001")));
    }

    @Test
    void invalidRequestSkipsPreCheck() throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":3}");

        assertThat(JSON.readTree(response.body()).get("outcome").asText()).isEqualTo("INVALID");
        d6.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void jmsRequestIsPreChecked() throws Exception {
        connector.sendText("d6.client-state.requests",
                "{\"school_login_id\": \"2000\", \"api_type_id\": 8, \"state\": 1, \"request_id\": \"jms-pre-check-1\"}");

        var delivered = connector.receiveText("d6.client-state.errors", "D6RequestId = 'jms-pre-check-1'",
                java.time.Duration.ofSeconds(10));

        assertThat(delivered).isNotNull();
        assertThat(delivered.getStringProperty("D6Outcome")).isEqualTo("REJECTED");
        d6.verify(0, patchRequestedFor(anyUrl()));
    }
}
