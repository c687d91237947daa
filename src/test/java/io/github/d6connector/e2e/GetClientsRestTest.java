package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

class GetClientsRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CACHE_TTL_MILLIS = 1500;

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder,
                Map.of("d6.clients.cache-ttl", String.valueOf(CACHE_TTL_MILLIS)));
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
    }

    @Test
    void listReturnsD6Clients() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Set-Cookie", "session=abc")
                .withBody(D6Stub.CLIENTS_LIST)));

        HttpResponse<String> response = connector.rest("GET", "/api/v1/clients",
                null, Map.of("X-API-Key", TestConnector.API_KEY, "X-Request-Id", "list-1", "X-Custom", "1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("list-1");
        assertThat(response.headers().firstValue("Age")).hasValue("0");
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("set-cookie"));
        JsonNode clients = JSON.readTree(response.body());
        assertThat(clients.isArray()).isTrue();
        assertThat(clients).hasSize(3);
        assertThat(clients.get(0)).isEqualTo(JSON.readTree("""
                {"school_login_id": "1000", "school_name": "Greenfield Primary", "api_type_id": 8,
                 "api_type": "Admin+ API", "activated_by_integrator": "Yes", "active": true}
                """));
        assertThat(clients.get(1).get("api_type_id").asInt()).isEqualTo(9);
        assertThat(clients.get(1).get("activated_by_integrator").asText()).isEqualTo("No");
        assertThat(clients.get(1).get("active").asBoolean()).isFalse();
        assertThat(clients.get(2).get("school_login_id").asText()).isEqualTo("1001");
        assertThat(response.body()).doesNotContain("admin_email_address").doesNotContain("telephone");

        assertExactGetReceived(D6Stub.CLIENTS_PATH);
    }

    @Test
    void oneSchoolReturnsItsEntries() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)
                .withBody("""
                        [{"school_login_id": "1000", "school_name": "Greenfield Primary", "api_type_id": 8,
                          "api_type": "Admin+ API", "activated_by_integrator": "Yes"},
                         {"school_login_id": "1000", "school_name": "Greenfield Primary", "api_type_id": 9,
                          "api_type": "Curriculum+ API", "activated_by_integrator": "Maybe"}]
                        """)));

        HttpResponse<String> response = connector.getClients("/1000");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode clients = JSON.readTree(response.body());
        assertThat(clients).hasSize(2);
        assertThat(clients.get(0).get("school_name").asText()).isEqualTo("Greenfield Primary");
        assertThat(clients.get(0).get("active").asBoolean()).isTrue();
        assertThat(clients.get(1).get("activated_by_integrator").asText()).isEqualTo("Maybe");
        assertThat(clients.get(1).get("active").isNull()).isTrue();

        assertExactGetReceived(D6Stub.CLIENT_1000_PATH);
    }

    @Test
    void unknownSchoolReturns404() throws Exception {
        d6.stubFor(get(urlEqualTo("/api/v1/settings/clients/4242")).willReturn(aResponse().withStatus(404)
                .withBody("{\"error\": \"Not found\", \"error_description\": \"No client-authorised integrations found\"}")));

        HttpResponse<String> response = connector.getClients("/4242");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("not_found");
        assertThat(error.get("message").asText())
                .contains("school 4242")
                .contains("No client-authorised integrations found");
        assertThat(error.get("request_id").asText()).isNotBlank();
        assertNoInternalsIn(response.body());
        d6.verify(1, getRequestedFor(urlEqualTo("/api/v1/settings/clients/4242")));
    }

    @Test
    void emptySchoolListReturns404() throws Exception {
        d6.stubFor(get(urlEqualTo("/api/v1/settings/clients/4243")).willReturn(aResponse().withStatus(200)
                .withBody("[]")));

        HttpResponse<String> response = connector.getClients("/4243");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "01000", "0", "2147483648", "99999999999", "1000x", "-5", "1.5"})
    void invalidSchoolIdReturns400WithoutD6Call(String schoolLoginId) throws Exception {
        HttpResponse<String> response = connector.getClients("/" + schoolLoginId);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("invalid_school_login_id");
        assertThat(error.get("message").asText()).contains("school_login_id").contains(schoolLoginId);
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void missingApiKeyReturns401WithoutD6Call() throws Exception {
        HttpResponse<String> response = connector.rest("GET", "/api/v1/clients", null, Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unauthorized");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void d6Unauthorised401Returns502() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": \"Unauthorized\", \"error_description\": \"Invalid API credentials\"}")));

        HttpResponse<String> response = connector.getClients("");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("d6_rejected");
        assertThat(error.get("message").asText()).contains("HTTP 401").contains("Invalid API credentials");
        assertNoInternalsIn(response.body());
        d6.verify(1, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
    }

    @Test
    void d6503ThenSuccessIsRedelivered() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(D6Stub.CLIENTS_LIST)));

        HttpResponse<String> response = connector.getClients("");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).hasSize(3);
        d6.verify(2, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD)));
    }

    @Test
    void d6AlwaysFailingReturns503() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(503)
                .withBody("{\"error\": \"Service Unavailable\", \"error_description\": \"Maintenance\"}")));

        HttpResponse<String> response = connector.getClients("");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("d6_unavailable");
        assertThat(error.get("message").asText()).contains("4 attempts").contains("HTTP 503");
        assertNoInternalsIn(response.body());
        d6.verify(4, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
    }

    @Test
    void retryAfterDelaysRedelivery() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).inScenario("limited").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).inScenario("limited").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(D6Stub.CLIENTS_LIST)));

        long started = System.nanoTime();
        HttpResponse<String> response = connector.getClients("");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        // Retry-After requests 1 s, which the test connector's maximum delay caps at 500 ms. Back-off alone is 50 ms.
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(450);
        d6.verify(2, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
    }

    @Test
    void d6BodyThatIsNotAListReturns502() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(200)
                .withBody("<html>maintenance</html>")));

        HttpResponse<String> response = connector.getClients("");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("d6_invalid_response");
        assertNoInternalsIn(response.body());
    }

    @Test
    void cacheServesSecondCallWithinTtl() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(D6Stub.CLIENTS_LIST)));

        HttpResponse<String> first = connector.getClients("");
        HttpResponse<String> second = connector.getClients("");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree(first.body()));
        d6.verify(1, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
    }

    @Test
    void cacheKeepsSchoolAndListApart() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(D6Stub.CLIENTS_LIST)));
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)
                .withBody("[{\"school_login_id\": \"1000\", \"api_type_id\": 8, \"activated_by_integrator\": \"Yes\"}]")));

        assertThat(connector.getClients("").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(connector.getClients("/1000").body())).hasSize(1);

        d6.verify(1, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
        d6.verify(1, getRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)));
    }

    @Test
    void cacheExpiresAfterTtl() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(D6Stub.CLIENTS_LIST)));

        assertThat(connector.getClients("").statusCode()).isEqualTo(200);
        Thread.sleep(CACHE_TTL_MILLIS + 300);
        assertThat(connector.getClients("").statusCode()).isEqualTo(200);

        d6.verify(2, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
    }

    @Test
    void errorResultIsNotCached() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(401)));

        assertThat(connector.getClients("").statusCode()).isEqualTo(502);
        assertThat(connector.getClients("").statusCode()).isEqualTo(502);

        d6.verify(2, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
    }

    private static void assertExactGetReceived(String path) {
        d6.verify(1, getRequestedFor(urlEqualTo(path))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD)));
        assertThat(d6.getAllServeEvents()).hasSize(1);
        LoggedRequest received = d6.findAll(getRequestedFor(urlEqualTo(path))).get(0);
        assertThat(received.getMethod().getName()).isEqualTo("GET");
        assertThat(received.getUrl()).isEqualTo(path);
        assertThat(received.getBody()).isEmpty();
        assertThat(received.getHeaders().keys())
                .noneMatch(name -> name.equalsIgnoreCase("X-API-Key"))
                .noneMatch(name -> name.equalsIgnoreCase("X-Request-Id"))
                .noneMatch(name -> name.equalsIgnoreCase("X-Custom"))
                .noneMatch(name -> name.equalsIgnoreCase("Content-Type"))
                .noneMatch(name -> name.toLowerCase().startsWith("camel"));
    }

    private static void assertNoInternalsIn(String body) {
        assertThat(body)
                .doesNotContain(d6.baseUrl())
                .doesNotContain(":" + d6.port())
                .doesNotContain(TestConnector.D6_USERNAME)
                .doesNotContain(TestConnector.D6_PASSWORD)
                .doesNotContain("Exception")
                .doesNotContain("io.github")
                .doesNotContain("\tat ");
    }
}
