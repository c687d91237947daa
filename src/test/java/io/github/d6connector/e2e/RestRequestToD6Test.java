package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

class RestRequestToD6Test {

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void restCallSendsExactlyTheDocumentedRequest() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .willReturn(aResponse().withStatus(200).withHeader("Set-Cookie", "session=abc").withBody("[]")));

        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state?trace=1",
                "{\"api_type_id\":8,\"state\":1}",
                Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "application/json",
                        "Authorization", "Bearer abc", "X-Custom", "1"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        assertThat(response.headers().map().keySet())
                .noneMatch(name -> name.toLowerCase().startsWith("http-x-"))
                .noneMatch(name -> name.equalsIgnoreCase("set-cookie"));

        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Content-Length", equalTo("27"))
                .withRequestBody(equalTo("{\"api_type_id\":8,\"state\":1}")));
        LoggedRequest received = d6.findAll(patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))).get(0);
        assertThat(received.getUrl()).isEqualTo(D6Stub.CLIENT_1000_PATH);
        assertThat(received.getHeaders().keys())
                .noneMatch(name -> name.equalsIgnoreCase("Authorization"))
                .noneMatch(name -> name.equalsIgnoreCase("X-Custom"))
                .noneMatch(name -> name.equalsIgnoreCase("X-API-Key"))
                .noneMatch(name -> name.toLowerCase().startsWith("camel"))
                .noneMatch(name -> name.toLowerCase().startsWith("jms"));
    }

    @Test
    void exhaustedRetriesAnswerFailed() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(503)));

        HttpResponse<String> response = connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(outcome.get("attempts").asInt()).isEqualTo(4);
        assertThat(outcome.get("http_status").asInt()).isEqualTo(503);
        d6.verify(4, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)));
    }
}
