package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.github.d6connector.clients.ClientsPreCheck;
import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/** The pre-check when d6's Get Clients list cannot be fetched: the change goes to d6 anyway. */
class PreCheckFallbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CACHE_TTL_MILLIS = 1500;

    @TempDir
    Path workFolder;

    private WireMockServer d6;
    private TestConnector connector;
    private final ListAppender<ILoggingEvent> preCheckLog = new ListAppender<>();

    @BeforeEach
    void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder,
                Map.of("d6.clients.pre-check", "true", "d6.clients.cache-ttl", String.valueOf(CACHE_TTL_MILLIS)));
        preCheckLog.start();
        ((Logger) LoggerFactory.getLogger(ClientsPreCheck.class)).addAppender(preCheckLog);
    }

    @AfterEach
    void stopConnector() {
        ((Logger) LoggerFactory.getLogger(ClientsPreCheck.class)).detachAppender(preCheckLog);
        connector.close();
        d6.stop();
    }

    @Test
    void fetchFailureStillSendsPatch() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(503)));
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200).withBody("[]")));

        String first = connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}").body();
        String second = connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}").body();

        assertThat(JSON.readTree(first).get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(JSON.readTree(first).get("attempts").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(second).get("outcome").asText()).isEqualTo("CHANGED");
        d6.verify(2, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)));
        // One fetch with its redeliveries; the second request skips the fetch within the cache period.
        d6.verify(4, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("could not be fetched").contains("HTTP 503")
                .contains("for the next " + CACHE_TTL_MILLIS + " ms");
    }

    @Test
    void fetchIsRetriedAfterCachePeriod() throws Exception {
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(401)));
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(204)));

        connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}");
        connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}");
        Thread.sleep(CACHE_TTL_MILLIS + 300);
        d6.stubFor(get(urlEqualTo(D6Stub.CLIENTS_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(D6Stub.CLIENTS_LIST)));
        String third = connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}").body();

        assertThat(JSON.readTree(third).get("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(JSON.readTree(third).get("attempts").asInt()).isZero();
        d6.verify(2, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)));
        d6.verify(2, getRequestedFor(urlEqualTo(D6Stub.CLIENTS_PATH)));
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("HTTP 401");
    }

    private List<String> warnings() {
        return preCheckLog.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
