package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * Runs one request through each input while d6 keeps failing, with DEBUG logging, and looks for the d6
 * password in everything the connector writes.
 */
class SecretsTest {

    private static final String SECRET = "s3cr3t-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_QUEUE = "d6.client-state.requests";
    private static final String ERROR_QUEUE = "d6.client-state.errors";
    private static final String ACTIVATE_1000 = "{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1}";
    private static final Duration INPUT_TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workFolder;

    private WireMockServer d6;
    private TestConnector connector;
    private Logger rootLogger;
    private Level previousRootLevel;
    private ListAppender<ILoggingEvent> logEvents;

    @BeforeEach
    void captureDebugLogAndStart() throws Exception {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        rootLogger = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousRootLevel = rootLogger.getLevel();
        rootLogger.setLevel(Level.DEBUG);
        logEvents = new ListAppender<>();
        logEvents.setContext(logging);
        logEvents.start();
        rootLogger.addAppender(logEvents);

        d6 = D6Stub.start();
        d6.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"server_error\",\"error_description\":\"Internal failure\"}")));
        // A short shutdown timeout keeps a failing run from waiting 30 s for requests still in flight.
        connector = TestConnector.start(d6.baseUrl(), workFolder,
                Map.of("d6.password", SECRET, "camel.main.shutdown-timeout", "5"));
    }

    @AfterEach
    void stopAndRestoreLogging() {
        try {
            if (connector != null) {
                connector.close();
            }
            if (d6 != null) {
                d6.stop();
            }
        } finally {
            rootLogger.detachAppender(logEvents);
            logEvents.stop();
            rootLogger.setLevel(previousRootLevel);
        }
    }

    @Test
    void passwordAppearsNowhereWhenD6Fails() throws Exception {
        URI restUri = URI.create(
                "http://127.0.0.1:" + connector.restPort() + "/api/v1/clients/1000/integration-state");
        CompletableFuture<HttpResponse<String>> restCall = HTTP.sendAsync(HttpRequest.newBuilder(restUri)
                .timeout(INPUT_TIMEOUT)
                .header("X-API-Key", TestConnector.API_KEY)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"api_type_id\":8,\"state\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        dropFile("secret-check.json", ACTIVATE_1000);
        connector.sendText(REQUEST_QUEUE, ACTIVATE_1000);

        List<TextMessage> errors = connector.receiveTexts(ERROR_QUEUE, 3, INPUT_TIMEOUT);
        HttpResponse<String> restResponse = restCall.exceptionally(failure -> null)
                .completeOnTimeout(null, 1, TimeUnit.SECONDS).get();
        boolean fileProcessed = eventually(Duration.ofSeconds(5), () ->
                filesUnder(connector.outbox(), ".result.json").size() == 1
                        && filesUnder(connector.inbox().resolve("done"), ".json").size() == 1);
        int restStatus = restResponse == null ? -1 : restResponse.statusCode();
        String restBody = restResponse == null ? "" : restResponse.body();
        String restHeaders = restResponse == null ? "" : restResponse.headers().map().toString();

        // Soft assertions let one run report every input that did not finish and every place the password leaked,
        // not only the first.
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(errors).as("outcomes on the error queue, one per input").hasSize(3);
        for (TextMessage message : errors) {
            softly.assertThat(JSON.readTree(message.getText()).get("outcome").asText()).as("error queue outcome")
                    .isEqualTo("FAILED");
        }
        softly.assertThat(restStatus).as("REST status").isEqualTo(502);
        softly.assertThat(restBody).as("REST body").contains("\"outcome\":\"FAILED\"");
        softly.assertThat(fileProcessed).as("file archived in done with a result file in the outbox").isTrue();
        for (Path resultFile : filesUnder(connector.outbox(), ".result.json")) {
            softly.assertThat(JSON.readTree(resultFile.toFile()).path(0).path("outcome").asText())
                    .as("outcome in %s", resultFile.getFileName()).isEqualTo("FAILED");
        }

        // Three requests with four attempts each carried the password to d6, so the checks below are not vacuous.
        softly.assertThat(d6.findAll(patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                        .withHeader("HTTP-X-PASSWORD", equalTo(SECRET))).size())
                .as("d6 calls that carried the password").isEqualTo(12);

        softly.assertThat(restBody).as("REST body").doesNotContain(SECRET);
        softly.assertThat(restHeaders).as("REST headers").doesNotContain(SECRET);
        List<Path> writtenFiles = new ArrayList<>(filesUnder(connector.inbox()));
        writtenFiles.addAll(filesUnder(connector.outbox()));
        softly.assertThat(writtenFiles).as("files in the inbox and outbox").isNotEmpty();
        for (Path file : writtenFiles) {
            softly.assertThat(Files.readString(file)).as("content of %s", file).doesNotContain(SECRET);
        }
        for (TextMessage message : errors) {
            softly.assertThat(message.getText()).as("error queue body").doesNotContain(SECRET);
            softly.assertThat(jmsPropertiesOf(message)).as("error queue properties").doesNotContain(SECRET);
        }

        List<ILoggingEvent> events = capturedEvents();
        softly.assertThat(events).as("captured log events").isNotEmpty();
        softly.assertThat(events).as("captured log events").anyMatch(event -> event.getLevel() == Level.DEBUG);
        for (ILoggingEvent event : events) {
            softly.assertThat(logTextOf(event)).as("log event of %s: %s", event.getLoggerName(), event.getMessage())
                    .doesNotContain(SECRET);
        }
        softly.assertAll();
    }

    /** Waits until {@code condition} is true or {@code timeout} has passed, and returns whether it became true. */
    private static boolean eventually(Duration timeout, Callable<Boolean> condition) {
        try {
            await().atMost(timeout).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private void dropFile(String name, String content) throws IOException {
        Path staging = Files.createDirectories(workFolder.resolve("staging"));
        Files.createDirectories(connector.inbox());
        Path written = Files.writeString(staging.resolve(name), content);
        Files.move(written, connector.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        return filesUnder(folder, "");
    }

    /** Lists the regular files in {@code folder} and its subfolders whose names end with {@code suffix}. */
    private static List<Path> filesUnder(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(suffix))
                    .toList();
        }
    }

    /** Returns the JMS headers and every property of a message as one text. */
    private static String jmsPropertiesOf(TextMessage message) throws JMSException {
        StringBuilder text = new StringBuilder();
        text.append(message.getJMSCorrelationID()).append('\n');
        text.append(message.getJMSType()).append('\n');
        text.append(message.getJMSReplyTo()).append('\n');
        for (Object name : Collections.list(message.getPropertyNames())) {
            text.append(name).append('=').append(message.getObjectProperty((String) name)).append('\n');
        }
        return text.toString();
    }

    private List<ILoggingEvent> capturedEvents() {
        synchronized (logEvents) {
            return new ArrayList<>(logEvents.list);
        }
    }

    /** Returns everything a log event could print: message, arguments, MDC and the full throwable chain. */
    private static String logTextOf(ILoggingEvent event) {
        StringBuilder text = new StringBuilder();
        text.append(event.getFormattedMessage()).append('\n');
        text.append(event.getMessage()).append('\n');
        Object[] arguments = event.getArgumentArray();
        if (arguments != null) {
            for (Object argument : arguments) {
                text.append(argument).append('\n');
            }
        }
        text.append(event.getMDCPropertyMap()).append('\n');
        if (event.getKeyValuePairs() != null) {
            text.append(event.getKeyValuePairs()).append('\n');
        }
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            text.append(ThrowableProxyUtil.asString(throwable)).append('\n');
            for (IThrowableProxy cause = throwable; cause != null; cause = cause.getCause()) {
                text.append(cause.getMessage()).append('\n');
            }
        }
        return text.toString();
    }
}
