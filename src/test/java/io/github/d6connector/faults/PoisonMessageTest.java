package io.github.d6connector.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * JMS requests whose outcome cannot be delivered, because the error endpoint is a {@code file:} folder that
 * cannot be created: each is rolled back and redelivered by the broker until its redelivery policy moves it
 * to {@code ActiveMQ.DLQ}, d6 is never called twice for one, and a valid request sent after them completes
 * while they are still being redelivered. The connector reads with its default four JMS consumers.
 */
class PoisonMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEAD_LETTER_QUEUE = "ActiveMQ.DLQ";
    private static final int OUTCOME_REDELIVERIES = 2;
    private static final int BROKER_REDELIVERIES = 2;
    private static final String INVALID_ID = "poison-invalid";
    private static final String REJECTED_ID = "poison-rejected";
    private static final String VALID_ID = "poison-valid";
    private static final int REJECTED_SCHOOL = 350_001;
    private static final int VALID_SCHOOL = 350_002;

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;
    private static ListAppender<ILoggingEvent> log;
    private static Level outcomesLevelBefore;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        log = new ListAppender<>();
        log.start();
        rootLogger().addAppender(log);
        outcomesLevelBefore = outcomesLogger().getLevel();
        outcomesLogger().setLevel(Level.INFO);
        Path regularFile = Files.createFile(workFolder.resolve("not-a-folder"));
        connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                "connector.outcome.error-uri", "file:" + regularFile.resolve("errors"),
                "connector.outcome.maximum-redeliveries", String.valueOf(OUTCOME_REDELIVERIES),
                "connector.outcome.initial-delay", "200",
                "connector.outcome.maximum-delay", "400",
                "connector.jms.maximum-redeliveries", String.valueOf(BROKER_REDELIVERIES),
                "connector.idempotency.window", "600000",
                "connector.batch.folder", workFolder.resolve("batches").toString(),
                "d6.rate-limit.requests-per-second", "0"));
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
        rootLogger().detachAppender(log);
        outcomesLogger().setLevel(outcomesLevelBefore);
    }

    @Test
    void undeliverableOutcomeEndsOnDeadLetterQueue() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Calls.CLIENTS_PATH + REJECTED_SCHOOL)).willReturn(aResponse().withStatus(404)));
        d6.stubFor(patch(urlPathMatching("/api/v1/settings/clients/35000[2-9]"))
                .willReturn(aResponse().withStatus(200).withBody("[]")));
        long started = System.nanoTime();

        connector.sendText(FaultRequests.REQUEST_QUEUE,
                "{\"school_login_id\":\"abc\",\"api_type_id\":8,\"state\":1,\"request_id\":\"" + INVALID_ID + "\"}");
        connector.sendText(FaultRequests.REQUEST_QUEUE, FaultRequests.jmsBody(REJECTED_ID, REJECTED_SCHOOL));
        connector.sendText(FaultRequests.REQUEST_QUEUE, FaultRequests.jmsBody(VALID_ID, VALID_SCHOOL));
        OutcomeCollector.Records valid = OutcomeCollector.drain(connector.brokerUrl(), List.of(VALID_ID),
                Duration.ofSeconds(60));
        List<Message> deadLetters = receive(DEAD_LETTER_QUEUE, 2, Duration.ofSeconds(60));
        Duration deadLettersTook = Duration.ofNanos(System.nanoTime() - started);

        List<String> deadLetterIds = new ArrayList<>();
        List<Object> failureCauses = new ArrayList<>();
        for (Message deadLetter : deadLetters) {
            deadLetterIds.add(JSON.readTree(((TextMessage) deadLetter).getText()).path("request_id").asText());
            failureCauses.add(deadLetter.getObjectProperty("dlqDeliveryFailureCause"));
        }
        List<ILoggingEvent> invalidDeliveries = outcomeLogEvents(INVALID_ID);
        List<ILoggingEvent> rejectedDeliveries = outcomeLogEvents(REJECTED_ID);
        List<ILoggingEvent> validOutcomes = outcomeLogEvents(VALID_ID);
        long failedSends = logLines("On delivery attempt");
        int designedSends = 2 * (BROKER_REDELIVERIES + 1) * (OUTCOME_REDELIVERIES + 1);
        System.out.printf("Poison messages: dead letters %s after %d ms; broker deliveries: invalid %d, rejected %d"
                        + " (designed %d); failed outcome sends %d (designed %d = 2 messages x %d deliveries x %d"
                        + " sends); d6 calls %s; valid outcome logged at %s, last poison deliveries at %s and %s;"
                        + " dlqDeliveryFailureCause %s%n",
                deadLetterIds, deadLettersTook.toMillis(), invalidDeliveries.size(), rejectedDeliveries.size(),
                BROKER_REDELIVERIES + 1, failedSends, designedSends, BROKER_REDELIVERIES + 1,
                OUTCOME_REDELIVERIES + 1, D6Calls.patchesBySchool(d6), timesOf(validOutcomes),
                timesOf(invalidDeliveries), timesOf(rejectedDeliveries), failureCauses);

        JsonNode validRecord = valid.byRequestId().get(VALID_ID);
        assertThat(validRecord).as("outcome record of the valid request").isNotNull();
        assertThat(validRecord.path("outcome").asText()).isEqualTo("CHANGED");
        assertThat(validOutcomes).as("outcome log lines of the valid request").hasSize(1);
        assertThat(validOutcomes.get(0).getTimeStamp()).as("time of the valid request's outcome")
                .isLessThan(invalidDeliveries.get(invalidDeliveries.size() - 1).getTimeStamp())
                .isLessThan(rejectedDeliveries.get(rejectedDeliveries.size() - 1).getTimeStamp());
        assertThat(deadLetterIds).as("request ids on %s", DEAD_LETTER_QUEUE)
                .containsExactlyInAnyOrder(INVALID_ID, REJECTED_ID);
        assertThat(failureCauses).as("dlqDeliveryFailureCause of the dead letters").doesNotContainNull();
        assertThat(invalidDeliveries).as("broker deliveries of the invalid request")
                .hasSize(BROKER_REDELIVERIES + 1);
        assertThat(rejectedDeliveries).as("broker deliveries of the rejected request")
                .hasSize(BROKER_REDELIVERIES + 1);
        assertThat(failedSends).as("failed sends of the two outcomes").isEqualTo(designedSends);
        assertThat(D6Calls.patchesBySchool(d6)).as("d6 calls per school")
                .isEqualTo(Map.of(REJECTED_SCHOOL, 1, VALID_SCHOOL, 1));
    }

    private static List<Message> receive(String queue, int count, Duration timeout) throws Exception {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = connector.openJmsConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            while (received.size() < count && System.nanoTime() < deadline) {
                Message message = consumer.receive(Math.max(1, Duration.ofNanos(deadline - System.nanoTime())
                        .toMillis()));
                if (message != null) {
                    received.add(message);
                }
            }
        }
        return received;
    }

    /** Returns the log events of the outcome of {@code requestId}, one per broker delivery. */
    private static List<ILoggingEvent> outcomeLogEvents(String requestId) {
        synchronized (log) {
            return log.list.stream()
                    .filter(event -> event.getLoggerName().equals("io.github.d6connector.outcomes"))
                    .filter(event -> event.getFormattedMessage().startsWith("Request " + requestId + " from"))
                    .toList();
        }
    }

    private static List<String> timesOf(List<ILoggingEvent> events) {
        return events.stream().map(event -> java.time.Instant.ofEpochMilli(event.getTimeStamp()).toString()).toList();
    }

    private static long logLines(String text) {
        synchronized (log) {
            return log.list.stream().filter(event -> event.getFormattedMessage().contains(text)).count();
        }
    }

    /** Returns the logger of outcomes, which logs successful ones only at INFO. */
    private static Logger outcomesLogger() {
        return (Logger) LoggerFactory.getLogger("io.github.d6connector.outcomes");
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
