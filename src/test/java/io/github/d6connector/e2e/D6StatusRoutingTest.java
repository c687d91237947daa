package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * Checks how each final d6 status (one that is not retried) becomes an outcome, a REST status and a message
 * on the success or error queue.
 */
class D6StatusRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUCCESS_QUEUE = "d6.client-state.outcomes";
    private static final String ERROR_QUEUE = "d6.client-state.errors";
    private static final String REQUEST_BODY = "{\"api_type_id\":8,\"state\":1}";
    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(5);

    /** How long the queue that should not receive a record is watched for it. */
    private static final Duration ABSENCE_WINDOW = Duration.ofMillis(300);

    private static final AtomicInteger REQUEST_COUNTER = new AtomicInteger();

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

    @Test
    void status200WithEmptyArrayIsChanged() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("[]")));
        String requestId = newRequestId("changed-array");

        HttpResponse<String> response = patchSchool1000(requestId);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("request_id").asText()).isEqualTo(requestId);
        assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(outcome.get("http_status").asInt()).isEqualTo(200);
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        assertThat(outcome.get("d6_error").isNull()).isTrue();
        assertThat(outcome.get("d6_error_description").isNull()).isTrue();
        assertThat(outcome.get("reason").asText()).isEqualTo("d6 changed the integration state");
        verifyOnePatchToSchool1000();
        assertRecordOnlyOn(SUCCESS_QUEUE, ERROR_QUEUE, requestId, "CHANGED");
    }

    @Test
    void status200WithoutBodyIsChanged() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "0")));
        String requestId = newRequestId("changed-no-body");

        HttpResponse<String> response = patchSchool1000(requestId);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(outcome.get("http_status").asInt()).isEqualTo(200);
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        verifyOnePatchToSchool1000();
        assertRecordOnlyOn(SUCCESS_QUEUE, ERROR_QUEUE, requestId, "CHANGED");
    }

    @Test
    void status200WithArrayAsPlainTextIsChanged() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .willReturn(aResponse().withStatus(200).withBody("[]")));
        String requestId = newRequestId("changed-text");

        HttpResponse<String> response = patchSchool1000(requestId);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(outcome.get("http_status").asInt()).isEqualTo(200);
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        verifyOnePatchToSchool1000();
        assertRecordOnlyOn(SUCCESS_QUEUE, ERROR_QUEUE, requestId, "CHANGED");
    }

    @Test
    void status204IsUnchanged() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(204)));
        String requestId = newRequestId("unchanged");

        HttpResponse<String> response = patchSchool1000(requestId);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(outcome.get("http_status").asInt()).isEqualTo(204);
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        assertThat(outcome.get("d6_error_description").isNull()).isTrue();
        assertThat(outcome.get("reason").asText())
                .isEqualTo("d6 made no change because the integration was already in that state");
        verifyOnePatchToSchool1000();
        assertRecordOnlyOn(SUCCESS_QUEUE, ERROR_QUEUE, requestId, "UNCHANGED");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({
            "400, invalid_request, api_type_id 8 is not a known API type",
            "401, unauthorized, Integrator credentials are not valid",
            "403, forbidden, School 1000 has not authorised API type 8",
            "404, not_found, School 1000 does not exist",
    })
    void clientErrorIsRejectedWithD6Description(int status, String error, String description) throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}")));
        String requestId = newRequestId("rejected-" + status);

        HttpResponse<String> response = patchSchool1000(requestId);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("request_id").asText()).isEqualTo(requestId);
        assertThat(outcome.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.get("http_status").asInt()).isEqualTo(status);
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        assertThat(outcome.get("d6_error").asText()).isEqualTo(error);
        assertThat(outcome.get("d6_error_description").asText()).isEqualTo(description);
        assertThat(outcome.get("reason").asText())
                .isEqualTo("d6 rejected the request with HTTP " + status + ": " + description);
        verifyOnePatchToSchool1000();
        JsonNode queued = assertRecordOnlyOn(ERROR_QUEUE, SUCCESS_QUEUE, requestId, "REJECTED");
        assertThat(queued.get("d6_error_description").asText()).isEqualTo(description);
    }

    @Test
    void status501IsRejected() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .willReturn(aResponse().withStatus(501).withHeader("Content-Type", "text/plain")
                        .withBody("PATCH is not implemented\n")));
        String requestId = newRequestId("rejected-501");

        HttpResponse<String> response = patchSchool1000(requestId);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.get("http_status").asInt()).isEqualTo(501);
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        assertThat(outcome.get("d6_error").isNull()).isTrue();
        assertThat(outcome.get("d6_error_description").asText()).isEqualTo("PATCH is not implemented");
        assertThat(outcome.get("reason").asText())
                .isEqualTo("d6 rejected the request with HTTP 501: PATCH is not implemented");
        verifyOnePatchToSchool1000();
        assertRecordOnlyOn(ERROR_QUEUE, SUCCESS_QUEUE, requestId, "REJECTED");
    }

    @Test
    void status418IsRejected() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(418)));
        String requestId = newRequestId("rejected-418");

        HttpResponse<String> response = patchSchool1000(requestId);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.get("http_status").asInt()).isEqualTo(418);
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        assertThat(outcome.get("d6_error_description").isNull()).isTrue();
        assertThat(outcome.get("reason").asText()).isEqualTo("d6 rejected the request with HTTP 418");
        verifyOnePatchToSchool1000();
        assertRecordOnlyOn(ERROR_QUEUE, SUCCESS_QUEUE, requestId, "REJECTED");
    }

    @Test
    void redirectIsRejectedAndNotFollowed() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "http://127.0.0.1:" + d6.port() + "/elsewhere")));
        d6.stubFor(patch(urlEqualTo("/elsewhere")).willReturn(aResponse().withStatus(200).withBody("[]")));
        String requestId = newRequestId("rejected-301");

        HttpResponse<String> response = patchSchool1000(requestId);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.get("http_status").asInt()).isEqualTo(301);
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        assertThat(outcome.get("reason").asText())
                .isEqualTo("d6 answered HTTP 301, a redirect the connector does not follow; check d6.base-url");
        verifyOnePatchToSchool1000();
        d6.verify(0, anyRequestedFor(urlEqualTo("/elsewhere")));
        assertRecordOnlyOn(ERROR_QUEUE, SUCCESS_QUEUE, requestId, "REJECTED");
    }

    private static String newRequestId(String label) {
        return "routing-" + label + "-" + REQUEST_COUNTER.incrementAndGet();
    }

    private static HttpResponse<String> patchSchool1000(String requestId) throws Exception {
        return connector.rest("PATCH", "/api/v1/clients/1000/integration-state", REQUEST_BODY,
                Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "application/json",
                        "X-Request-Id", requestId));
    }

    /** Asserts that d6 received exactly one call in all, the documented PATCH for school 1000. */
    private static void verifyOnePatchToSchool1000() {
        d6.verify(1, anyRequestedFor(anyUrl()));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo(REQUEST_BODY)));
    }

    /**
     * Asserts that the record of {@code requestId} arrives on {@code expectedQueue} with the given outcome and
     * does not arrive on {@code otherQueue}, and returns the queued record.
     */
    private static JsonNode assertRecordOnlyOn(String expectedQueue, String otherQueue, String requestId,
                                               String expectedOutcome) throws Exception {
        JsonNode queued = receiveRecord(expectedQueue, requestId);
        assertThat(queued).as("record %s on %s", requestId, expectedQueue).isNotNull();
        assertThat(queued.get("outcome").asText()).isEqualTo(expectedOutcome);

        List<String> otherIds = new ArrayList<>();
        for (TextMessage message : connector.receiveTexts(otherQueue, Integer.MAX_VALUE, ABSENCE_WINDOW)) {
            otherIds.add(JSON.readTree(message.getText()).get("request_id").asText());
        }
        assertThat(otherIds).as("request ids on %s", otherQueue).doesNotContain(requestId);
        return queued;
    }

    /** Reads {@code queue} until the record of {@code requestId} arrives, or returns null after the timeout. */
    private static JsonNode receiveRecord(String queue, String requestId) throws Exception {
        long deadline = System.nanoTime() + QUEUE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            for (TextMessage message : connector.receiveTexts(queue, 1, left)) {
                JsonNode record = JSON.readTree(message.getText());
                if (requestId.equals(record.get("request_id").asText())) {
                    return record;
                }
            }
        }
        return null;
    }
}
