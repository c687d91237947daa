package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.LogCapture;
import io.github.d6connector.testsupport.TestConnector;

/**
 * Named REST callers with their own keys, the per-caller and global allow-lists, and the rejection of requests
 * outside them on every input without calling d6.
 */
class AccessControlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERP_KEY = "erp-key-made-up-9a41";
    private static final String CRM_KEY = "crm-key-made-up-77d0";
    private static final String BODY = "{\"api_type_id\":8,\"state\":1}";

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        Path crmKeyFile = workFolder.resolve("crm-api-key");
        Files.writeString(crmKeyFile, CRM_KEY + "\n", StandardCharsets.UTF_8);
        connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                "connector.rest.callers", "erp,crm",
                "connector.rest.caller.erp.api-key", ERP_KEY,
                "connector.rest.caller.crm.api-key-file", crmKeyFile.toString(),
                "connector.rest.caller.crm.allowed-schools", "1000",
                "connector.access.allowed-schools", "1000,1001"));
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    @BeforeEach
    void resetD6() {
        d6.resetAll();
        d6.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[]")));
    }

    private HttpResponse<String> patch(String school, String key) throws Exception {
        return connector.rest("PATCH", "/api/v1/clients/" + school + "/integration-state", BODY,
                Map.of("X-API-Key", key, "Content-Type", "application/json", "X-Request-Id", "access-" + school));
    }

    @Test
    void eachCallerUsesItsOwnKey() throws Exception {
        assertThat(patch("1000", ERP_KEY).statusCode()).isEqualTo(200);
        assertThat(patch("1000", CRM_KEY).statusCode()).isEqualTo(200);
        assertThat(patch("1000", TestConnector.API_KEY).statusCode()).isEqualTo(200);

        d6.verify(3, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)));
    }

    @Test
    void wrongKeyIsRejectedAndLoggedWithoutKey() throws Exception {
        HttpResponse<String> response;
        try (LogCapture logs = LogCapture.start()) {
            response = patch("1000", "not-a-key-3c2f");

            List<ILoggingEvent> rejections = logs.containing("rejected with 401");
            assertThat(rejections).hasSize(1);
            assertThat(rejections.get(0).getLevel()).isEqualTo(Level.WARN);
            assertThat(rejections.get(0).getFormattedMessage()).contains("unknown caller");
            assertThat(logs.text()).doesNotContain("not-a-key-3c2f");
        }

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("unauthorized");
        assertThat(error.get("request_id").asText()).isEqualTo("access-1000");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void keyFileLosesTrailingNewline() throws Exception {
        // The crm key file ends in a line break, as files written by echo or a secret mount often do.
        assertThat(patch("1000", CRM_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void otherCallersSchoolIsForbidden() throws Exception {
        HttpResponse<String> response;
        try (LogCapture logs = LogCapture.start()) {
            response = patch("1001", CRM_KEY);

            List<ILoggingEvent> rejections = logs.containing("rejected with 403");
            assertThat(rejections).hasSize(1);
            assertThat(rejections.get(0).getLevel()).isEqualTo(Level.WARN);
            assertThat(rejections.get(0).getFormattedMessage()).contains("from crm");
            assertThat(logs.text()).doesNotContain(CRM_KEY);
        }

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("forbidden");
        assertThat(error.get("message").asText()).contains("school 1001").contains("crm").doesNotContain(CRM_KEY);
        d6.verify(0, anyRequestedFor(anyUrl()));

        assertThat(patch("1001", ERP_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void schoolOutsideGlobalListIsForbiddenOnRest() throws Exception {
        HttpResponse<String> response = patch("2000", ERP_KEY);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).get("message").asText())
                .contains("school 2000").contains("erp").contains("connector.access.allowed-schools");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void schoolOutsideGlobalListIsRejectedFromFile() throws Exception {
        Files.createDirectories(connector.inbox());
        Files.writeString(connector.inbox().resolve("outside.json"),
                "[{\"school_login_id\": 2000, \"api_type_id\": 8, \"state\": 1},"
                        + " {\"school_login_id\": 1000, \"api_type_id\": 8, \"state\": 1}]");

        JsonNode report = JSON.readTree(Files.readString(connector.awaitResultFile(Duration.ofSeconds(20))));

        assertThat(report.get(0).get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(report.get(0).get("reason").asText()).contains("school 2000").contains("not sent to d6");
        assertThat(report.get(0).get("attempts").asInt()).isZero();
        assertThat(report.get(0).get("http_status").isNull()).isTrue();
        assertThat(report.get(1).get("outcome").asText()).isEqualTo("CHANGED");
        d6.verify(0, patchRequestedFor(urlEqualTo("/api/v1/settings/clients/2000")));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)));
    }

    @Test
    void schoolOutsideGlobalListIsRejectedFromJms() throws Exception {
        List<ILoggingEvent> rejections;
        try (LogCapture logs = LogCapture.start()) {
            connector.sendText("d6.client-state.requests", "{\"school_login_id\": 2000, \"api_type_id\": 8, \"state\": 1}");
            List<TextMessage> outcomes = connector.receiveTexts("d6.client-state.errors", 1, Duration.ofSeconds(20));

            assertThat(outcomes).hasSize(1);
            JsonNode outcome = JSON.readTree(outcomes.get(0).getText());
            assertThat(outcome.get("outcome").asText()).isEqualTo("REJECTED");
            assertThat(outcome.get("reason").asText()).contains("school 2000");
            rejections = logs.containing("rejected without calling d6");
        }

        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(rejections.get(0).getFormattedMessage()).contains("unknown caller");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }
}
