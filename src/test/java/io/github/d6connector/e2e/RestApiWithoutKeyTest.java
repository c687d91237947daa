package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * The REST API of a connector whose {@code connector.rest.api-key} is blank. This runs in its own class
 * because two connectors in one JVM share the embedded broker's {@code vm://} name.
 */
class RestApiWithoutKeyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of("connector.rest.api-key", ""));
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    @BeforeEach
    void resetD6() {
        d6.resetAll();
        d6.stubFor(patch(urlPathMatching("/api/v1/settings/clients/.*")).willReturn(aResponse().withStatus(200)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {TestConnector.API_KEY, "local-dev-key", "any-key"})
    void blankConfiguredKeyRejectsEveryKey(String key) throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state",
                "{\"api_type_id\":8,\"state\":1}", Map.of("X-API-Key", key, "Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("unauthorized");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " "})
    void blankConfiguredKeyRejectsBlankKey(String key) throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state",
                "{\"api_type_id\":8,\"state\":1}", Map.of("X-API-Key", key, "Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(401);
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void blankConfiguredKeyRejectsMissingKey() throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state",
                "{\"api_type_id\":8,\"state\":1}", Map.of("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(401);
        d6.verify(0, anyRequestedFor(anyUrl()));
    }
}
