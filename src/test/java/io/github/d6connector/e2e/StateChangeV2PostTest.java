package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

class StateChangeV2PostTest {

    @TempDir
    Path workFolder;

    @Test
    void v2MethodPostSendsPost() throws Exception {
        WireMockServer d6 = D6Stub.start();
        try (TestConnector connector = TestConnector.start(d6.baseUrl(), workFolder,
                Map.of("d6.api-version", "v2", "d6.v2.method", "post"))) {
            d6.stubFor(post(urlEqualTo(D6Stub.CLIENT_INTEGRATIONS_V2_PATH))
                    .willReturn(aResponse().withStatus(200).withBody("{\"success\": true}")));

            String body = connector.patchIntegrationState("1000", "{\"api_type_id\":9,\"state\":0}").body();

            assertThat(new ObjectMapper().readTree(body).get("outcome").asText()).isEqualTo("CHANGED");
            d6.verify(1, postRequestedFor(urlEqualTo(D6Stub.CLIENT_INTEGRATIONS_V2_PATH))
                    .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                    .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                    .withHeader("Content-Type", equalTo("application/json"))
                    .withRequestBody(equalTo("{\"school_id\":1000,\"api_type_id\":9,\"state\":false}")));
            assertThat(d6.getAllServeEvents()).hasSize(1);
        } finally {
            d6.stop();
        }
    }
}
