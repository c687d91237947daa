package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

class JmsRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_QUEUE = "d6.client-state.requests";
    private static final String SUCCESS_QUEUE = "d6.client-state.outcomes";
    private static final String ERROR_QUEUE = "d6.client-state.errors";
    private static final String DEAD_LETTER_QUEUE = "ActiveMQ.DLQ";
    private static final String ACTIVATE_1000 = "{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1}";
    private static final String ACTIVATE_BODY = "{\"api_type_id\":8,\"state\":1}";
    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder);
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    @BeforeEach
    void resetD6AndQueues() throws JMSException {
        d6.resetAll();
        connector.receiveTexts(SUCCESS_QUEUE, Integer.MAX_VALUE, Duration.ofMillis(300));
        connector.receiveTexts(ERROR_QUEUE, Integer.MAX_VALUE, Duration.ofMillis(300));
    }

    @Test
    void messageWithoutCorrelationIdUsesMessageId() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)));

        String messageId = send(connector.brokerUrl(), ACTIVATE_1000, null);
        List<TextMessage> successes = connector.receiveTexts(SUCCESS_QUEUE, 1, OUTCOME_TIMEOUT);

        assertThat(successes).hasSize(1);
        JsonNode outcome = JSON.readTree(successes.get(0).getText());
        assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(outcome.get("request_id").asText()).isEqualTo(messageId);
        assertThat(outcome.get("source").asText()).isEqualTo("jms:" + messageId);
        assertThat(outcome.get("http_status").asInt()).isEqualTo(200);
        assertThat(successes.get(0).getStringProperty("D6Outcome")).isEqualTo("CHANGED");
        assertThat(successes.get(0).getStringProperty("D6RequestId")).isEqualTo(messageId);

        d6.verify(1, anyRequestedFor(anyUrl()));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo(ACTIVATE_BODY)));
        assertThat(connector.receiveTexts(ERROR_QUEUE, 1, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void messageWithCorrelationIdUsesIt() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)));

        String messageId = send(connector.brokerUrl(), ACTIVATE_1000, "order-4711");
        List<TextMessage> successes = connector.receiveTexts(SUCCESS_QUEUE, 1, OUTCOME_TIMEOUT);

        assertThat(successes).hasSize(1);
        JsonNode outcome = JSON.readTree(successes.get(0).getText());
        assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(outcome.get("request_id").asText()).isEqualTo("order-4711");
        assertThat(outcome.get("source").asText()).isEqualTo("jms:" + messageId);
        d6.verify(1, anyRequestedFor(anyUrl()));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)).withRequestBody(equalTo(ACTIVATE_BODY)));
    }

    @Test
    void messageWithReplyToGetsOutcomeAsReply() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(204)));

        TextMessage reply;
        String messageId;
        try (Connection connection = connector.openJmsConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replyQueue = session.createTemporaryQueue();
            TextMessage request = session.createTextMessage(ACTIVATE_1000);
            request.setJMSReplyTo(replyQueue);
            try (MessageProducer producer = session.createProducer(session.createQueue(REQUEST_QUEUE));
                 MessageConsumer replies = session.createConsumer(replyQueue)) {
                producer.send(request);
                messageId = request.getJMSMessageID();
                reply = (TextMessage) replies.receive(OUTCOME_TIMEOUT.toMillis());
            }
        }

        assertThat(reply).isNotNull();
        JsonNode replied = JSON.readTree(reply.getText());
        assertThat(replied.get("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(replied.get("request_id").asText()).isEqualTo(messageId);
        assertThat(replied.get("http_status").asInt()).isEqualTo(204);
        assertThat(reply.getJMSCorrelationID()).isEqualTo(messageId);
        assertThat(reply.getStringProperty("D6Outcome")).isEqualTo("UNCHANGED");

        List<TextMessage> successes = connector.receiveTexts(SUCCESS_QUEUE, 2, Duration.ofSeconds(2));
        assertThat(successes).hasSize(1);
        assertThat(JSON.readTree(successes.get(0).getText())).isEqualTo(replied);
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)).withRequestBody(equalTo(ACTIVATE_BODY)));
    }

    @Test
    void messageThatIsNotJsonIsInvalidOnce() throws Exception {
        String messageId = send(connector.brokerUrl(), "not-json", null);
        List<TextMessage> errors = connector.receiveTexts(ERROR_QUEUE, 1, OUTCOME_TIMEOUT);

        assertThat(errors).hasSize(1);
        JsonNode outcome = JSON.readTree(errors.get(0).getText());
        assertThat(outcome.get("outcome").asText()).isEqualTo("INVALID");
        assertThat(outcome.get("request_id").asText()).isEqualTo(messageId);
        assertThat(outcome.get("reason").asText()).startsWith("message body is not valid JSON");
        assertThat(outcome.get("attempts").asInt()).isZero();

        // A message that was rolled back would come back within these seconds and produce a second outcome.
        assertThat(connector.receiveTexts(ERROR_QUEUE, 1, Duration.ofSeconds(3))).isEmpty();
        assertThat(browse(connector.brokerUrl(), REQUEST_QUEUE)).isEmpty();
        assertThat(browse(connector.brokerUrl(), DEAD_LETTER_QUEUE))
                .noneMatch(message -> messageId.equals(jmsMessageId(message)));
        assertThat(connector.receiveTexts(SUCCESS_QUEUE, 1, Duration.ofMillis(300))).isEmpty();
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void notFoundFromD6IsRejected() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"not_found\",\"error_description\":\"School not found\"}")));

        String messageId = send(connector.brokerUrl(), ACTIVATE_1000, null);
        List<TextMessage> errors = connector.receiveTexts(ERROR_QUEUE, 1, OUTCOME_TIMEOUT);

        assertThat(errors).hasSize(1);
        JsonNode outcome = JSON.readTree(errors.get(0).getText());
        assertThat(outcome.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.get("request_id").asText()).isEqualTo(messageId);
        assertThat(outcome.get("http_status").asInt()).isEqualTo(404);
        assertThat(outcome.get("d6_error").asText()).isEqualTo("not_found");
        assertThat(outcome.get("attempts").asInt()).isEqualTo(1);
        assertThat(errors.get(0).getStringProperty("D6Outcome")).isEqualTo("REJECTED");
        d6.verify(1, anyRequestedFor(anyUrl()));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)).withRequestBody(equalTo(ACTIVATE_BODY)));
        assertThat(connector.receiveTexts(SUCCESS_QUEUE, 1, Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void externalBrokerCarriesRequestAndOutcome(@TempDir Path externalWorkFolder) throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)));
        String externalUrl = "tcp://127.0.0.1:" + TestConnector.freePort();
        BrokerService broker = new BrokerService();
        broker.setBrokerName("external-test-broker");
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.addConnector(externalUrl);
        broker.start();
        broker.waitUntilStarted();
        try (TestConnector external = TestConnector.start(d6.baseUrl(), externalWorkFolder,
                Map.of("connector.jms.broker-url", externalUrl))) {
            String messageId = send(externalUrl, ACTIVATE_1000, null);
            List<TextMessage> successes = receiveTexts(externalUrl, SUCCESS_QUEUE, 1, OUTCOME_TIMEOUT);

            assertThat(successes).hasSize(1);
            JsonNode outcome = JSON.readTree(successes.get(0).getText());
            assertThat(outcome.get("outcome").asText()).isEqualTo("CHANGED");
            assertThat(outcome.get("request_id").asText()).isEqualTo(messageId);
            assertThat(outcome.get("source").asText()).isEqualTo("jms:" + messageId);
            d6.verify(1, anyRequestedFor(anyUrl()));
            d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                    .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                    .withRequestBody(equalTo(ACTIVATE_BODY)));
            assertThat(connector.receiveTexts(SUCCESS_QUEUE, 1, Duration.ofMillis(300))).isEmpty();
        } finally {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    /** Sends a text message to the request queue and returns the JMS message id assigned on send. */
    private static String send(String brokerUrl, String text, String correlationId) throws JMSException {
        try (Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(REQUEST_QUEUE))) {
            TextMessage message = session.createTextMessage(text);
            if (correlationId != null) {
                message.setJMSCorrelationID(correlationId);
            }
            producer.send(message);
            return message.getJMSMessageID();
        }
    }

    private static List<TextMessage> receiveTexts(String brokerUrl, String queue, int count, Duration timeout)
            throws JMSException {
        List<TextMessage> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            connection.start();
            while (received.size() < count) {
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (left <= 0) {
                    break;
                }
                if (consumer.receive(left) instanceof TextMessage text) {
                    received.add(text);
                }
            }
        }
        return received;
    }

    private static List<Message> browse(String brokerUrl, String queueName) throws JMSException {
        try (Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            Queue queue = session.createQueue(queueName);
            try (QueueBrowser browser = session.createBrowser(queue)) {
                List<Message> messages = new ArrayList<>();
                for (Object message : Collections.list(browser.getEnumeration())) {
                    messages.add((Message) message);
                }
                return messages;
            }
        }
    }

    private static String jmsMessageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
