package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.TestCertificates;
import io.github.d6connector.testsupport.TestConnector;

/**
 * TLS to d6 against a WireMock HTTPS stub with a self-signed certificate made at test time, and the REST API
 * served over HTTPS.
 */
class TlsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"api_type_id\":8,\"state\":1}";

    @TempDir
    static Path workFolder;

    private static TestCertificates d6Certificate;
    private static TestCertificates restCertificate;
    private static WireMockServer d6;

    @BeforeAll
    static void startHttpsStub() throws Exception {
        d6Certificate = TestCertificates.create(workFolder, "d6-stub");
        restCertificate = TestCertificates.create(workFolder, "rest-api");
        d6 = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(d6Certificate.keyStore().toString()).keystoreType("PKCS12")
                .keystorePassword(d6Certificate.password()).keyManagerPassword(d6Certificate.password()));
        d6.start();
        d6.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[]")));
    }

    @AfterAll
    static void stopStub() {
        d6.stop();
    }

    private static String d6Url() {
        return "https://localhost:" + d6.httpsPort();
    }

    @Test
    void untrustedCertificateFailsWithoutRetry() throws Exception {
        try (TestConnector connector = TestConnector.start(d6Url(), workFolder.resolve("untrusted"))) {
            HttpResponse<String> response = connector.patchIntegrationState("1000", BODY);

            assertThat(response.statusCode()).isEqualTo(502);
            JsonNode outcome = JSON.readTree(response.body());
            assertThat(outcome.get("outcome").asText()).isEqualTo("FAILED");
            assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
            assertThat(outcome.get("reason").asText()).contains("TLS handshake").contains("d6.tls.trust-store");
            assertThat(outcome.get("http_status").isNull()).isTrue();
        }
        assertThat(d6.getAllServeEvents()).isEmpty();
    }

    @Test
    void configuredTrustStoreSucceeds() throws Exception {
        try (TestConnector connector = TestConnector.start(d6Url(), workFolder.resolve("trusted"), Map.of(
                "d6.tls.trust-store", d6Certificate.trustStore().toString(),
                "d6.tls.trust-store-password", d6Certificate.password()))) {
            HttpResponse<String> response = connector.patchIntegrationState("1000", BODY);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("outcome").asText()).isEqualTo("CHANGED");
        }
        assertThat(d6.getAllServeEvents()).isNotEmpty();
    }

    @Test
    void restApiServesHttps() throws Exception {
        try (TestConnector connector = TestConnector.start(d6Url(), workFolder.resolve("https"), Map.of(
                "d6.tls.trust-store", d6Certificate.trustStore().toString(),
                "d6.tls.trust-store-password", d6Certificate.password(),
                "connector.rest.tls.key-store", restCertificate.keyStore().toString(),
                "connector.rest.tls.key-store-password", restCertificate.password()))) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(restCertificate.clientContext())
                    .connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> response = connector.rest(trusting, "https", "PATCH",
                    "/api/v1/clients/1000/integration-state", BODY,
                    Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "application/json"));
            HttpResponse<String> health = connector.rest(trusting, "https", "GET", "/observe/health/live", null,
                    Map.of());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(health.statusCode()).isEqualTo(200);
            HttpClient defaultTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> connector.rest(defaultTrust, "https", "GET", "/observe/health/live", null,
                    Map.of())).isInstanceOf(SSLHandshakeException.class);
        }
    }
}
