package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import ch.qos.logback.classic.Level;
import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.LogCapture;
import io.github.d6connector.testsupport.TestCertificates;
import io.github.d6connector.testsupport.TestConnector;

/**
 * Secrets read from files, and no secret in the log with Camel tracing, route dumps and DEBUG logging on.
 */
class SecretsWithTracingTest {

    private static final String USERNAME = "file-integrator-4d2a";
    private static final String PASSWORD = "file-password-b81c";
    private static final String ERP_KEY = "erp-key-made-up-51e7";

    @TempDir
    Path workFolder;

    @Test
    void noSecretInLogsWithTracing() throws Exception {
        WireMockServer d6 = D6Stub.start();
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).inScenario("retry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).inScenario("retry").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("[]")));
        TestCertificates certificates = TestCertificates.create(workFolder, "trusted");
        Path usernameFile = workFolder.resolve("d6-username");
        Path passwordFile = workFolder.resolve("d6-password");
        Files.writeString(usernameFile, USERNAME + "\n", StandardCharsets.UTF_8);
        Files.writeString(passwordFile, PASSWORD + "\r\n", StandardCharsets.UTF_8);

        String log;
        HttpResponse<String> defaultCall;
        HttpResponse<String> erpCall;
        try (LogCapture logs = LogCapture.atLevel(Level.DEBUG);
             TestConnector connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                     "d6.username", "",
                     "d6.password", "",
                     "d6.username-file", usernameFile.toString(),
                     "d6.password-file", passwordFile.toString(),
                     "d6.tls.trust-store", certificates.trustStore().toString(),
                     "d6.tls.trust-store-password", certificates.password(),
                     "connector.rest.callers", "erp",
                     "connector.rest.caller.erp.api-key", ERP_KEY,
                     "camel.main.tracing", "true",
                     "camel.main.dump-routes", "yaml"))) {
            defaultCall = connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}");
            erpCall = connector.rest("PATCH", "/api/v1/clients/1000/integration-state", "{\"api_type_id\":8,\"state\":0}",
                    Map.of("X-API-Key", ERP_KEY, "Content-Type", "application/json"));
            log = logs.text();
        } finally {
            d6.stop();
        }

        assertThat(defaultCall.statusCode()).isEqualTo(200);
        assertThat(erpCall.statusCode()).isEqualTo(200);
        assertThat(log).contains("Tracing").contains("rest-change-client-state").contains("retrying");
        assertThat(log).doesNotContain(USERNAME);
        assertThat(log).doesNotContain(PASSWORD);
        assertThat(log).doesNotContain(TestConnector.API_KEY);
        assertThat(log).doesNotContain(ERP_KEY);
        assertThat(log).doesNotContain(certificates.password());
        assertThat(log).doesNotContain("local-dev-key");
        assertThat(log).doesNotContainIgnoringCase("x-api-key=");
    }

    @Test
    void credentialsComeFromFiles() throws Exception {
        WireMockServer d6 = D6Stub.start();
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200).withBody("[]")));
        Path usernameFile = workFolder.resolve("d6-username");
        Path passwordFile = workFolder.resolve("d6-password");
        Files.writeString(usernameFile, USERNAME + "\n", StandardCharsets.UTF_8);
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);

        try (TestConnector connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                "d6.username", "",
                "d6.password", "",
                "d6.username-file", usernameFile.toString(),
                "d6.password-file", passwordFile.toString()))) {
            assertThat(connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}").statusCode())
                    .isEqualTo(200);
            d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                    .withHeader("HTTP-X-USERNAME", equalTo(USERNAME))
                    .withHeader("HTTP-X-PASSWORD", equalTo(PASSWORD)));
        } finally {
            d6.stop();
        }
    }
}
