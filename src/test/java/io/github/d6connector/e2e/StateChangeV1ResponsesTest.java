package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/** Every v1 response that d6 documents, sent through the REST input, with the request d6 received. */
class StateChangeV1ResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_BODY = "{\"api_type_id\":8,\"state\":1}";

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder);
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    @BeforeEach
    void resetD6() {
        d6.resetAll();
    }

    static Stream<Arguments> documentedResponses() {
        return Stream.of(
                Arguments.of(200, "[]", "CHANGED", 200, null, null, 1),
                Arguments.of(204, "", "UNCHANGED", 200, null, null, 1),
                Arguments.of(400, "{\"error\": \"Bad Request\", \"error_description\": \"Invalid integration state provided\"}",
                        "REJECTED", 422, "Bad Request", "Invalid integration state provided", 1),
                Arguments.of(401, "{\"error\": \"Unauthorized\", \"error_description\": \"Client access not authorised for this API type\"}",
                        "REJECTED", 422, "Unauthorized", "Client access not authorised for this API type", 1),
                Arguments.of(403, "{\"error\": \"Forbidden\", \"error_description\": \"Access not allowed\"}",
                        "REJECTED", 422, "Forbidden", "Access not allowed", 1),
                Arguments.of(404, "{\"error\": \"Not found\", \"error_description\": \"No client-authorised integrations found\"}",
                        "REJECTED", 422, "Not found", "No client-authorised integrations found", 1),
                Arguments.of(501, "{\"error\": \"Not Implemented\", \"error_description\": \"Not implemented\"}",
                        "REJECTED", 422, "Not Implemented", "Not implemented", 1),
                Arguments.of(429, "{\"error\": \"Too Many Requests\", \"error_description\": \"Rate limit reached\"}",
                        "FAILED", 502, "Too Many Requests", "Rate limit reached", 4),
                Arguments.of(500, "{\"error\": \"Internal Server Error\", \"error_description\": \"Failed to update the integration state\"}",
                        "FAILED", 502, "Internal Server Error", "Failed to update the integration state", 4),
                Arguments.of(503, "{\"error\": \"Service Unavailable\", \"error_description\": \"Maintenance\"}",
                        "FAILED", 502, "Service Unavailable", "Maintenance", 4));
    }

    @ParameterizedTest(name = "d6 {0} -> {2}")
    @MethodSource("documentedResponses")
    void documentedResponseMapsToOutcome(int d6Status, String d6Body, String outcome, int restStatus, String d6Error,
                                       String d6ErrorDescription, int attempts) throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .willReturn(aResponse().withStatus(d6Status).withBody(d6Body)));

        HttpResponse<String> response = connector.patchIntegrationState("1000", REQUEST_BODY);

        assertThat(response.statusCode()).isEqualTo(restStatus);
        JsonNode record = JSON.readTree(response.body());
        assertThat(record.get("outcome").asText()).isEqualTo(outcome);
        assertThat(record.get("http_status").asInt()).isEqualTo(d6Status);
        assertThat(record.get("d6_error").isNull() ? null : record.get("d6_error").asText()).isEqualTo(d6Error);
        assertThat(record.get("d6_error_description").isNull() ? null : record.get("d6_error_description").asText())
                .isEqualTo(d6ErrorDescription);
        assertThat(record.get("attempts").asInt()).isEqualTo(attempts);
        assertThat(record.get("school_login_id").asInt()).isEqualTo(1000);
        assertThat(record.get("api_type_id").asInt()).isEqualTo(8);
        assertThat(record.get("state").asInt()).isEqualTo(1);
        assertExactPatchReceived(attempts);
    }

    @Test
    void d6500ThenSuccessIsRedelivered() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody("[]")));

        HttpResponse<String> response = connector.patchIntegrationState("1000", REQUEST_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode record = JSON.readTree(response.body());
        assertThat(record.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(record.get("attempts").asInt()).isEqualTo(2);
        assertExactPatchReceived(2);
    }

    @Test
    void failedOutcomeReachesErrorQueue() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(503)));

        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state",
                REQUEST_BODY, Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "application/json",
                        "X-Request-Id", "failed-delivery-1"));

        assertThat(response.statusCode()).isEqualTo(502);
        TextMessage delivered = connector.receiveText("d6.client-state.errors", "D6RequestId = 'failed-delivery-1'",
                Duration.ofSeconds(10));
        assertThat(delivered).isNotNull();
        assertThat(delivered.getStringProperty("D6Outcome")).isEqualTo("FAILED");
        assertThat(JSON.readTree(delivered.getText()).get("attempts").asInt()).isEqualTo(4);
    }

    private static void assertExactPatchReceived(int count) {
        d6.verify(count, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(REQUEST_BODY)));
        assertThat(d6.getAllServeEvents()).hasSize(count);
        for (LoggedRequest received : d6.findAll(patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)))) {
            assertThat(received.getBodyAsString()).isEqualTo(REQUEST_BODY);
            assertThat(received.getHeaders().keys())
                    .noneMatch(name -> name.equalsIgnoreCase("X-API-Key"))
                    .noneMatch(name -> name.toLowerCase().startsWith("camel"));
        }
    }
}
