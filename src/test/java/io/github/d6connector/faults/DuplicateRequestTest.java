package io.github.d6connector.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * With the request ledger on, a request received twice (the same JMS request id, the same file dropped
 * again) is sent to d6 once, and the repeat gets the first outcome, with a reason that marks it as a repeat.
 */
class DuplicateRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder, Map.of(
                "connector.idempotency.window", "600000",
                "connector.batch.folder", workFolder.resolve("batches").toString(),
                "d6.rate-limit.requests-per-second", "0"));
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    @BeforeEach
    void resetD6() {
        d6.resetAll();
        d6.stubFor(patch(urlPathMatching("/api/v1/settings/clients/[0-9]+"))
                .willReturn(aResponse().withStatus(200).withBody("[]")));
    }

    @Test
    void jmsRepeatRepliesWithFirstOutcome() throws Exception {
        List<JsonNode> replies = sendTwiceWithReplyTo("duplicate-jms-reply", 300_001);
        OutcomeCollector.Records records = OutcomeCollector.drain(connector.brokerUrl(),
                List.of("duplicate-jms-reply"), WAIT);

        assertThat(D6Calls.patchesBySchool(d6)).as("d6 calls per school").isEqualTo(Map.of(300_001, 1));
        assertThat(replies.get(0).path("outcome").asText()).as("outcome of the first message").isEqualTo("CHANGED");
        assertThat(withoutReason(replies.get(1))).as("reply to the repeat, but its reason")
                .isEqualTo(withoutReason(replies.get(0)));
        assertThat(replies.get(1).path("reason").asText()).as("reason in the reply to the repeat")
                .isEqualTo(repeatReason("duplicate-jms-reply", replies.get(0).path("reason").asText()));
        assertThat(records.all()).as("outcome records").isNotEmpty();
        assertThat(records.all().get(0)).as("first outcome record").isEqualTo(replies.get(0));
    }

    @Test
    void jmsRepeatSendsFirstOutcomeRecordAgain() throws Exception {
        sendTwiceWithReplyTo("duplicate-jms-record", 300_002);
        OutcomeCollector.Records records = OutcomeCollector.drain(connector.brokerUrl(),
                List.of("duplicate-jms-record"), WAIT);

        assertThat(D6Calls.patchesBySchool(d6)).as("d6 calls per school").isEqualTo(Map.of(300_002, 1));
        assertThat(records.all()).as("outcome records of the request and its repeat").hasSize(2);
        assertThat(withoutReason(records.all().get(1))).as("outcome record of the repeat, but its reason")
                .isEqualTo(withoutReason(records.all().get(0)));
    }

    @Test
    void fileDroppedTwiceCallsD6Once() throws Exception {
        Map<String, Integer> rows = FaultRequests.numbered("duplicate-file-row", 300_100, 3);
        Path outbox = connector.outbox();

        FaultRequests.dropCsv(connector.inbox(), "duplicate.csv", rows);
        await().atMost(WAIT).until(() -> OutcomeCollector.filesEndingWith(outbox, ".result.csv").size() == 1);
        FaultRequests.dropCsv(connector.inbox(), "duplicate.csv", rows);
        await().atMost(WAIT).until(() -> OutcomeCollector.filesEndingWith(outbox, ".result.csv").size() == 2);
        List<Path> reports = OutcomeCollector.filesEndingWith(outbox, ".result.csv");
        OutcomeCollector.Records records = OutcomeCollector.drain(connector.brokerUrl(), rows.keySet(), WAIT);

        assertThat(D6Calls.patchesBySchool(d6)).as("d6 calls per school")
                .isEqualTo(Map.of(300_100, 1, 300_101, 1, 300_102, 1));
        List<Map<String, String>> first = OutcomeCollector.readCsvReport(reports.get(0));
        List<Map<String, String>> repeat = OutcomeCollector.readCsvReport(reports.get(1));
        assertThat(first).extracting(row -> row.get("outcome")).containsOnly("CHANGED");
        for (int row = 0; row < first.size(); row++) {
            Map<String, String> firstRow = new TreeMap<>(first.get(row));
            Map<String, String> repeatRow = new TreeMap<>(repeat.get(row));
            assertThat(repeatRow.remove("reason")).as("reason of line %s of the repeat", firstRow.get("line"))
                    .isEqualTo(repeatReason(firstRow.get("request_id"), firstRow.remove("reason")));
            assertThat(repeatRow).as("line %s of the repeat, but its reason", firstRow.get("line")).isEqualTo(firstRow);
        }
        assertThat(records.all()).as("outcome records of both drops").hasSize(3);
    }

    /** Returns the reason of a repeat's outcome, which quotes the reason of the first outcome. */
    private static String repeatReason(String requestId, String firstReason) {
        return "repeat of request id " + requestId + ", not sent to d6 again; first outcome: " + firstReason;
    }

    private static JsonNode withoutReason(JsonNode record) {
        ObjectNode copy = record.deepCopy();
        copy.remove("reason");
        return copy;
    }

    /**
     * Sends the same request body twice, each time with a reply queue, waiting for the reply to the first
     * before sending the second, and returns both replies.
     */
    private static List<JsonNode> sendTwiceWithReplyTo(String requestId, int school) throws Exception {
        List<JsonNode> replies = new ArrayList<>();
        try (Connection connection = connector.openJmsConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue replyQueue = session.createQueue("duplicate.replies." + requestId);
            MessageProducer producer = session.createProducer(session.createQueue(FaultRequests.REQUEST_QUEUE));
            MessageConsumer replyConsumer = session.createConsumer(replyQueue);
            for (int i = 0; i < 2; i++) {
                TextMessage request = session.createTextMessage(FaultRequests.jmsBody(requestId, school));
                request.setJMSReplyTo(replyQueue);
                producer.send(request);
                Message reply = replyConsumer.receive(WAIT.toMillis());
                assertThat(reply).as("reply %d", i + 1).isInstanceOf(TextMessage.class);
                replies.add(JSON.readTree(((TextMessage) reply).getText()));
            }
        }
        return replies;
    }
}
