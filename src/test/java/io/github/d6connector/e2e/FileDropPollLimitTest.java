package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/** Many files dropped at once are taken a few per poll, and every one of them is still sent and reported. */
class FileDropPollLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FILES = 25;
    private static final int FILES_PER_POLL = 3;

    @TempDir
    Path workFolder;

    private WireMockServer d6;
    private TestConnector connector;

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        if (d6 != null) {
            d6.stop();
        }
    }

    @Test
    void cappedPollsReportEveryFile() throws Exception {
        d6 = D6Stub.start();
        d6.stubFor(patch(urlMatching("/api/v1/settings/clients/3[0-9]{3}")).willReturn(aResponse().withStatus(200)));
        connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                "connector.file.max-files-per-poll", String.valueOf(FILES_PER_POLL),
                "connector.file.concurrent-files", "2"));
        AtomicInteger largestPoll = watchPollSizes(connector.application().camelContext());

        dropAll();
        List<Path> results = await("a report for each of " + FILES + " files").atMost(Duration.ofSeconds(30))
                .until(() -> filesIn(connector.outbox(), ".result.json"), found -> found.size() >= FILES);

        assertThat(largestPoll.get()).as("files in the largest poll").isEqualTo(FILES_PER_POLL);
        d6.verify(FILES, anyRequestedFor(anyUrl()));
        for (int i = 1; i <= FILES; i++) {
            d6.verify(1, patchRequestedFor(urlEqualTo("/api/v1/settings/clients/" + (3000 + i)))
                    .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                    .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                    .withRequestBody(equalTo("{\"api_type_id\":8,\"state\":1}")));
        }
        assertThat(results).hasSize(FILES);
        for (Path result : results) {
            JsonNode record = JSON.readTree(result.toFile()).get(0);
            assertThat(record.get("outcome").asText()).as("outcome in %s", result.getFileName()).isEqualTo("CHANGED");
        }
        assertThat(filesIn(connector.inbox().resolve("done"), ".json")).hasSize(FILES);
        assertThat(filesIn(connector.inbox(), ".json")).isEmpty();
    }

    /** Records the largest number of files one poll of the inbox took. */
    private static AtomicInteger watchPollSizes(CamelContext context) {
        AtomicInteger largest = new AtomicInteger();
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                Exchange exchange = ((ExchangeCompletedEvent) event).getExchange();
                Integer pollSize = exchange.getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class);
                if ("file-drop-requests".equals(exchange.getFromRouteId()) && pollSize != null) {
                    largest.accumulateAndGet(pollSize, Math::max);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof ExchangeCompletedEvent;
            }
        };
        context.getManagementStrategy().addEventNotifier(notifier);
        ServiceHelper.startService(notifier);
        return largest;
    }

    /** Writes every file outside the inbox first, then moves them all in, as a bulk export would. */
    private void dropAll() throws IOException {
        Path staging = Files.createDirectories(workFolder.resolve("staging"));
        Files.createDirectories(connector.inbox());
        for (int i = 1; i <= FILES; i++) {
            Files.writeString(staging.resolve("school-" + i + ".json"),
                    "{\"school_login_id\":" + (3000 + i) + ",\"api_type_id\":8,\"state\":1}");
        }
        for (int i = 1; i <= FILES; i++) {
            String name = "school-" + i + ".json";
            Files.move(staging.resolve(name), connector.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static List<Path> filesIn(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(suffix))
                    .toList();
        }
    }
}
