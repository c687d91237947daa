package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID_BODY = "{\"api_type_id\":8,\"state\":1}";
    private static final String SUCCESS_QUEUE = "d6.client-state.outcomes";

    /** Four attempts with 50, 100 and 200 ms between them take well under a second; the rest is margin. */
    private static final Duration FAILED_ANSWER_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder);
    }

    /** Lets d6 succeed first, so that no request is still being redelivered when the connector stops. */
    @AfterAll
    static void stopConnector() {
        d6.resetAll();
        d6.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        connector.close();
        d6.stop();
    }

    /** Resets d6 to return 200 for every PATCH, so that a call the connector should not make is still recorded. */
    @BeforeEach
    void resetD6() {
        d6.resetAll();
        d6.stubFor(patch(urlPathMatching("/api/v1/settings/clients/.*")).willReturn(aResponse().withStatus(200)));
    }

    static Stream<Arguments> invalidPathSchools() {
        return Stream.of(
                arguments("abc", "the string \"abc\""),
                arguments("-5", "the string \"-5\""),
                arguments("12%2F..%2F34", "the string \"12/../34\""),
                arguments("0", "the string \"0\""),
                arguments("01000", "the string \"01000\""),
                arguments("2147483648", "the string \"2147483648\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPathSchools")
    void invalidPathSchoolIsRejected(String schoolInPath, String quotedValue) throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState(schoolInPath, VALID_BODY);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("INVALID");
        assertThat(outcome.get("reason").asText()).contains("school_login_id");
        assertThat(outcome.get("reason").asText()).contains(quotedValue);
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    /** java.net.http sends these paths as written, without removing the dot segments. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/clients/12/../34/integration-state",
            "/api/v1/clients/12/%2E%2E/34/integration-state"})
    void dotSegmentsInPathReachNoSchool(String path) throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", path, VALID_BODY, jsonHeaders());

        assertThat(d6.findAll(anyRequestedFor(anyUrl())))
                .as("d6 calls after PATCH %s returned %d %s", path, response.statusCode(), response.body())
                .isEmpty();
    }

    @Test
    void missingStateIsRejected() throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("1000", "{\"api_type_id\":8}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("INVALID");
        assertThat(outcome.get("reason").asText()).contains("state is missing");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                arguments("{\"api_type_id\":8,\"state\":1.9}", "state", "got 1.9"),
                arguments("{\"api_type_id\":8,\"state\":2}", "state", "got 2"),
                arguments("{\"api_type_id\":8,\"state\":-1}", "state", "got -1"),
                arguments("{\"api_type_id\":8,\"state\":true}", "state", "got true"),
                arguments("{\"api_type_id\":8,\"state\":\"1\"}", "state", "the string \"1\""),
                arguments("{\"api_type_id\":8,\"state\":null}", "state", "is null"),
                arguments("{\"api_type_id\":\"8\",\"state\":1}", "api_type_id", "the string \"8\""),
                arguments("{\"api_type_id\":99999999999,\"state\":1}", "api_type_id", "got 99999999999"),
                arguments("{\"api_type_id\":0,\"state\":1}", "api_type_id", "got 0"),
                arguments("{\"school_login_id\":34,\"api_type_id\":8,\"state\":1}", "unknown field",
                        "\"school_login_id\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidBodyIsRejected(String body, String field, String quotedValue) throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("1000", body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("INVALID");
        assertThat(outcome.get("reason").asText()).contains(field);
        assertThat(outcome.get("reason").asText()).contains(quotedValue);
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void malformedJsonIsRejected() throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("1000", "{not json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("INVALID");
        assertThat(outcome.get("reason").asText()).contains("JSON");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void textPlainIsUnsupported() throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state", VALID_BODY,
                Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "text/plain"));

        assertThat(response.statusCode()).isEqualTo(415);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(error.get("message").asText()).contains("text/plain");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void missingContentTypeIsUnsupported() throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state", VALID_BODY,
                Map.of("X-API-Key", TestConnector.API_KEY));

        assertThat(response.statusCode()).isEqualTo(415);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("unsupported_media_type");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void missingApiKeyIsUnauthorized() throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state", VALID_BODY,
                Map.of("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("unauthorized");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"wrong-key", "TEST-API-KEY-41C9", "test-api-key-41c", "test-api-key-41c9x",
            "local-dev-key"})
    void wrongApiKeyIsUnauthorized(String key) throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state", VALID_BODY,
                Map.of("X-API-Key", key, "Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("unauthorized");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    /** A REST call that ends with an error response. */
    @FunctionalInterface
    interface ErrorScenario {
        HttpResponse<String> run() throws Exception;
    }

    static Stream<Arguments> errorScenarios() {
        return Stream.of(
                arguments("invalid school", 400, 0,
                        (ErrorScenario) () -> connector.patchIntegrationState("abc", VALID_BODY)),
                arguments("malformed JSON", 400, 0,
                        (ErrorScenario) () -> connector.patchIntegrationState("1000", "{not")),
                arguments("missing key", 401, 0, (ErrorScenario) () -> connector.rest("PATCH",
                        "/api/v1/clients/1000/integration-state", VALID_BODY,
                        Map.of("Content-Type", "application/json"))),
                arguments("wrong key", 401, 0, (ErrorScenario) () -> connector.rest("PATCH",
                        "/api/v1/clients/1000/integration-state", VALID_BODY,
                        Map.of("X-API-Key", "wrong-key", "Content-Type", "application/json"))),
                arguments("text/plain", 415, 0, (ErrorScenario) () -> connector.rest("PATCH",
                        "/api/v1/clients/1000/integration-state", VALID_BODY,
                        Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "text/plain"))),
                arguments("d6 returns 404", 422, 1, (ErrorScenario) () -> {
                    d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(404)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":\"not_found\",\"error_description\":\"School not found\"}")));
                    return connector.patchIntegrationState("1000", VALID_BODY);
                }),
                arguments("d6 returns 401", 422, 1, (ErrorScenario) () -> {
                    d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(401)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":\"unauthorized\",\"error_description\":\"Invalid credentials\"}")));
                    return connector.patchIntegrationState("1000", VALID_BODY);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorScenarios")
    void errorBodyHidesInternals(String name, int status, int d6Calls, ErrorScenario scenario) throws Exception {
        HttpResponse<String> response = scenario.run();

        assertThat(response.statusCode()).isEqualTo(status);
        assertHidesInternals(response.body());
        d6.verify(d6Calls, anyRequestedFor(anyUrl()));
    }

    static Stream<Arguments> d6Failures() {
        return Stream.of(
                arguments("d6 returns 503", 1501, aResponse().withStatus(503)),
                arguments("d6 resets connection", 1502, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                arguments("d6 sends malformed chunk", 1503, aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    }

    /**
     * Runs after the other tests, because a request whose redelivery does not end keeps calling d6 in the
     * background and would change the d6 call counts of later tests.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("d6Failures")
    @Order(Integer.MAX_VALUE)
    void failedBodyHidesInternals(String name, int school, ResponseDefinitionBuilder d6Answer) throws Exception {
        String d6Path = "/api/v1/settings/clients/" + school;
        d6.stubFor(patch(urlEqualTo(d6Path)).willReturn(d6Answer));

        HttpResponse<String> response = patchWithin(String.valueOf(school), FAILED_ANSWER_TIMEOUT,
                () -> d6.findAll(patchRequestedFor(urlEqualTo(d6Path))).size());

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(outcome.get("attempts").asInt()).isEqualTo(4);
        assertHidesInternals(response.body());
        d6.verify(4, patchRequestedFor(urlEqualTo(d6Path)).withRequestBody(equalTo(VALID_BODY)));
    }

    @Test
    void responseCarriesGeneratedRequestId() throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("1000", VALID_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).isNotBlank());
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(JSON.readTree(response.body()).get("request_id").asText()).isEqualTo(requestId);
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withRequestBody(equalTo(VALID_BODY)));
    }

    @Test
    void callerRequestIdComesBack() throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state", VALID_BODY,
                withHeader("X-Request-Id", "abc-123"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("abc-123");
        assertThat(JSON.readTree(response.body()).get("request_id").asText()).isEqualTo("abc-123");
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withRequestBody(equalTo(VALID_BODY)));
    }

    @Test
    void callerRequestIdComesBackOnInvalidRequest() throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/abc/integration-state", VALID_BODY,
                withHeader("X-Request-Id", "abc-124"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("abc-124");
        assertThat(JSON.readTree(response.body()).get("request_id").asText()).isEqualTo("abc-124");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    /**
     * Measures a call to a connector in service. The first call after start loads classes and opens the
     * connections to d6 and the broker, which can take more than a second on a cold JVM, so one call goes first.
     */
    @Test
    void promptResponseMatchesPublishedOutcome() throws Exception {
        HttpResponse<String> warmUp = connector.patchIntegrationState("1000", VALID_BODY);
        assertThat(warmUp.statusCode()).isEqualTo(200);
        d6.resetRequests();
        String requestId = "prompt-" + UUID.randomUUID();

        long started = System.nanoTime();
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state", VALID_BODY,
                withHeader("X-Request-Id", requestId));
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(roundTrip).isLessThan(Duration.ofSeconds(1));
        assertThat(JSON.readTree(response.body()).get("outcome").asText()).isEqualTo("CHANGED");
        d6.verify(1, anyRequestedFor(anyUrl()));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withRequestBody(equalTo(VALID_BODY)));

        assertThat(receiveOutcome(requestId)).isEqualTo(response.body());
    }

    static Stream<Arguments> unknownRoutes() {
        return Stream.of(
                arguments("GET", "/api/v1/clients/1000/integration-state", null),
                arguments("POST", "/api/v1/clients/1000/integration-state", VALID_BODY),
                arguments("PUT", "/api/v1/clients/1000/integration-state", VALID_BODY),
                arguments("DELETE", "/api/v1/clients/1000/integration-state", null),
                arguments("PATCH", "/api/v1/other", VALID_BODY),
                arguments("PATCH", "/api/v1/clients/1000", VALID_BODY),
                arguments("PATCH", "/api/v1/clients/1000/integration-state/extra", VALID_BODY),
                arguments("PATCH", "/api/v2/clients/1000/integration-state", VALID_BODY));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownRoutes")
    void unknownRouteCallsNoD6(String method, String path, String body) throws Exception {
        HttpResponse<String> response = connector.rest(method, path, body, jsonHeaders());

        assertThat(response.statusCode()).isBetween(400, 499);
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    private static void assertHidesInternals(String body) throws Exception {
        assertThat(JSON.readTree(body).isObject()).isTrue();
        assertThat(body).doesNotContain("Exception");
        assertThat(body).doesNotContain("at io.");
        assertThat(body).doesNotContain("java.");
        assertThat(body).doesNotContain(d6.baseUrl());
        assertThat(body).doesNotContain("localhost");
        assertThat(body).doesNotContain("127.0.0.1");
        assertThat(body).doesNotContainPattern("\\b" + d6.port() + "\\b");
        assertThat(body).doesNotContain(TestConnector.D6_USERNAME);
        assertThat(body).doesNotContain(TestConnector.D6_PASSWORD);
        assertThat(body).doesNotContain(TestConnector.API_KEY);
    }

    /**
     * Sends a valid PATCH for a school and waits at most {@code timeout} for the response. Without a response
     * the test fails with the number of calls d6 has received so far.
     */
    private static HttpResponse<String> patchWithin(String school, Duration timeout, IntSupplier d6Calls)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.restPort()
                        + "/api/v1/clients/" + school + "/integration-state"))
                .timeout(timeout)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(VALID_BODY))
                .header("X-API-Key", TestConnector.API_KEY)
                .header("Content-Type", "application/json")
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("REST call for school " + school + " got no response within " + timeout
                    + "; d6 has received " + d6Calls.getAsInt() + " calls for it", e);
        }
    }

    private static Map<String, String> jsonHeaders() {
        return Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "application/json");
    }

    private static Map<String, String> withHeader(String name, String value) {
        Map<String, String> headers = new HashMap<>(jsonHeaders());
        headers.put(name, value);
        return headers;
    }

    /** Receives the outcome record with the given request id from the success queue, as JSON text. */
    private static String receiveOutcome(String requestId) throws Exception {
        try (Connection connection = connector.openJmsConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(SUCCESS_QUEUE),
                     "D6RequestId = '" + requestId + "'")) {
            Message message = consumer.receive(Duration.ofSeconds(10).toMillis());
            assertThat(message).as("outcome message for %s", requestId).isInstanceOf(TextMessage.class);
            return ((TextMessage) message).getText();
        }
    }
}
