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

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;

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

/** Every v2 response that d6 documents, with d6.api-version=v2, sent through the REST input. */
class StateChangeV2ResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder, java.util.Map.of("d6.api-version", "v2"));
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
                Arguments.of(1, 200, """
                        {"success": true, "message": "Integration successfully activated",
                         "data": {"school_login_id": "1000", "api_type_id": 8, "activated_by_integrator": "Yes"}}""",
                        "CHANGED", 200, null, null),
                Arguments.of(0, 200, "{\"success\": true, \"message\": \"Integration successfully deactivated\"}",
                        "CHANGED", 200, null, null),
                Arguments.of(1, 400, "{\"success\": false, \"message\": \"Integration already activated\"}",
                        "UNCHANGED", 200, "Integration already activated", "Integration already activated"),
                Arguments.of(0, 400, "{\"success\": false, \"message\": \"Integration Already Deactivated\"}",
                        "UNCHANGED", 200, "Integration Already Deactivated", "Integration Already Deactivated"),
                Arguments.of(1, 400, """
                        {"success": false, "message": "Validation failed", "validation_errors": {
                          "school_id": ["The selected school id is invalid."],
                          "state": ["The state field is required.", "The state field must be true or false."]}}""",
                        "REJECTED", 422, "Validation failed",
                        "school_id: The selected school id is invalid.; state: The state field is required., "
                                + "The state field must be true or false."),
                Arguments.of(1, 401, "{\"success\": false, \"message\": \"Client has not authorised access\"}",
                        "REJECTED", 422, "Client has not authorised access", "Client has not authorised access"),
                Arguments.of(1, 400, "{\"success\": false, \"message\": \"Something else went wrong\"}",
                        "REJECTED", 422, "Something else went wrong", "Something else went wrong"),
                Arguments.of(1, 503, "{\"success\": false, \"message\": \"Service unavailable\"}",
                        "FAILED", 502, "Service unavailable", "Service unavailable"));
    }

    @ParameterizedTest(name = "state {0}, d6 {1} -> {3}")
    @MethodSource("documentedResponses")
    void documentedResponseMapsToOutcome(int state, int d6Status, String d6Body, String outcome, int restStatus,
                                       String d6Error, String d6ErrorDescription) throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_INTEGRATIONS_V2_PATH))
                .willReturn(aResponse().withStatus(d6Status).withHeader("Content-Type", "application/json")
                        .withBody(d6Body)));

        HttpResponse<String> response = connector.patchIntegrationState("1000",
                "{\"api_type_id\":8,\"state\":" + state + "}");

        assertThat(response.statusCode()).isEqualTo(restStatus);
        JsonNode record = JSON.readTree(response.body());
        assertThat(record.get("outcome").asText()).isEqualTo(outcome);
        assertThat(record.get("http_status").asInt()).isEqualTo(d6Status);
        assertThat(textOrNull(record.get("d6_error"))).isEqualTo(d6Error);
        assertThat(textOrNull(record.get("d6_error_description"))).isEqualTo(d6ErrorDescription);
        assertThat(record.get("school_login_id").asInt()).isEqualTo(1000);
        assertThat(record.get("state").asInt()).isEqualTo(state);
        int attempts = outcome.equals("FAILED") ? 4 : 1;
        assertThat(record.get("attempts").asInt()).isEqualTo(attempts);
        assertExactV2CallsReceived(attempts, "{\"school_id\":1000,\"api_type_id\":8,\"state\":"
                + (state == 1) + "}");
    }

    @Test
    void rejectionReasonNamesValidationErrors() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_INTEGRATIONS_V2_PATH)).willReturn(aResponse().withStatus(400)
                .withBody("{\"success\": false, \"message\": \"Validation failed\","
                        + " \"validation_errors\": {\"api_type_id\": \"The api type id is invalid.\"}}")));

        JsonNode record = JSON.readTree(connector.patchIntegrationState("1000",
                "{\"api_type_id\":8,\"state\":1}").body());

        assertThat(record.get("reason").asText())
                .isEqualTo("d6 rejected the request with HTTP 400: api_type_id: The api type id is invalid.");
    }

    @Test
    void d6503ThenSuccessIsRedelivered() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_INTEGRATIONS_V2_PATH)).inScenario("flaky")
                .whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_INTEGRATIONS_V2_PATH)).inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody("{\"success\": true}")));

        JsonNode record = JSON.readTree(connector.patchIntegrationState("1000",
                "{\"api_type_id\":8,\"state\":1}").body());

        assertThat(record.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(record.get("attempts").asInt()).isEqualTo(2);
        assertExactV2CallsReceived(2, "{\"school_id\":1000,\"api_type_id\":8,\"state\":true}");
    }

    @Test
    void invalidRequestIsNotSent() throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":2}");

        assertThat(response.statusCode()).isEqualTo(400);
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    private static void assertExactV2CallsReceived(int count, String body) {
        d6.verify(count, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_INTEGRATIONS_V2_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withHeader("Content-Type", equalTo("application/json")));
        assertThat(d6.getAllServeEvents()).hasSize(count);
        for (LoggedRequest received : d6.findAll(patchRequestedFor(urlEqualTo(D6Stub.CLIENT_INTEGRATIONS_V2_PATH)))) {
            assertThat(received.getBodyAsString()).isEqualTo(body);
            assertThat(received.getUrl()).isEqualTo(D6Stub.CLIENT_INTEGRATIONS_V2_PATH);
            assertThat(received.getHeaders().keys())
                    .noneMatch(name -> name.equalsIgnoreCase("X-API-Key"))
                    .noneMatch(name -> name.toLowerCase().startsWith("camel"));
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
