package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.LogCapture;
import io.github.d6connector.testsupport.TestConnector;

/**
 * The request id of a REST call (X-Request-Id) or a JMS message (JMSCorrelationID) names the outcome and is
 * in the MDC of the retry and outcome log lines, whichever thread writes them.
 */
class CorrelationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("[]")));
        d6.stubFor(patch(urlEqualTo("/api/v1/settings/clients/1001")).willReturn(aResponse().withStatus(204)));
        connector = TestConnector.start(d6.baseUrl(), workFolder);
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    @Test
    void restRequestIdOnRetryAndOutcomeLines() throws Exception {
        HttpResponse<String> response;
        List<ILoggingEvent> retries;
        List<ILoggingEvent> outcomes;
        try (LogCapture logs = LogCapture.start()) {
            response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state", "{\"api_type_id\":8,\"state\":1}",
                    Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "application/json",
                            "X-Request-Id", "corr-rest-1"));
            retries = logs.containing("retrying in");
            outcomes = logs.events().stream()
                    .filter(event -> event.getLoggerName().equals("io.github.d6connector.outcomes")).toList();
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).contains("corr-rest-1");
        assertThat(JSON.readTree(response.body()).get("request_id").asText()).isEqualTo("corr-rest-1");
        assertThat(retries).hasSize(2);
        assertThat(retries).allMatch(event -> "corr-rest-1".equals(LogCapture.requestIdOf(event)));
        assertThat(retries.get(1).getThreadName()).contains("ErrorHandlerRedeliveryTask");
        assertThat(outcomes).hasSize(1);
        assertThat(LogCapture.requestIdOf(outcomes.get(0))).isEqualTo("corr-rest-1");
    }

    @Test
    void jmsCorrelationIdNamesOutcome() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            try (Connection connection = connector.openJmsConnection();
                 Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                TextMessage message = session.createTextMessage(
                        "{\"school_login_id\": 1001, \"api_type_id\": 8, \"state\": 1}");
                message.setJMSCorrelationID("corr-jms-7");
                session.createProducer(session.createQueue("d6.client-state.requests")).send(message);
            }
            List<TextMessage> delivered = connector.receiveTexts("d6.client-state.outcomes", 1, Duration.ofSeconds(20));

            assertThat(delivered).hasSize(1);
            assertThat(JSON.readTree(delivered.get(0).getText()).get("request_id").asText()).isEqualTo("corr-jms-7");
            List<ILoggingEvent> outcomes = await().atMost(Duration.ofSeconds(5))
                    .until(() -> logs.containing("Request corr-jms-7 from"), found -> !found.isEmpty());
            assertThat(LogCapture.requestIdOf(outcomes.get(0))).isEqualTo("corr-jms-7");
        }
    }
}
