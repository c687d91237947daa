package io.github.d6connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.github.d6connector.outcome.Json;

import io.github.d6connector.outcome.Outcome;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.testsupport.MutableClock;

class RequestLedgerTest {

    private static final Duration WINDOW = Duration.ofHours(24);

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private static OutcomeRecord changed(String requestId, int school) {
        return new OutcomeRecord(requestId, "jms:" + requestId, IntNode.valueOf(school), IntNode.valueOf(8),
                IntNode.valueOf(1), Outcome.CHANGED, 200, null, null, "d6 changed the integration state", 1,
                "2026-03-01T10:00:00Z", "2026-03-01T10:00:01Z", Map.of("school_name", "Green Valley High"));
    }

    @Test
    void reopenKeepsRecentDropsExpired() throws Exception {
        try (RequestLedger ledger = new RequestLedger(folder, WINDOW, clock)) {
            ledger.recordOutcome("expired", RequestLedger.fingerprint(1000, 8, 1), changed("expired", 1000));
            clock.advance(Duration.ofHours(20));
            ledger.recordOutcome("kept", RequestLedger.fingerprint(1001, 8, 1), changed("kept", 1001));
            ledger.recordOutcome("delivered", RequestLedger.fingerprint(1002, 8, 1), changed("delivered", 1002));
            ledger.markDelivered("delivered");
            ledger.recordOutcome("kept", RequestLedger.fingerprint(1001, 8, 1), changed("kept", 1001)
                    .with(Outcome.UNCHANGED, "already in that state", 2));
        }
        Files.writeString(folder.resolve("requests.jsonl"), "{\"type\":\"outcome\",\"request_id\":\"torn\",\"fing",
                StandardOpenOption.APPEND);
        clock.advance(Duration.ofHours(5));

        try (RequestLedger reopened = new RequestLedger(folder, WINDOW, clock)) {
            assertThat(reopened.find("expired", RequestLedger.fingerprint(1000, 8, 1))).isEmpty();
            assertThat(reopened.find("torn", RequestLedger.fingerprint(1000, 8, 1))).isEmpty();
            RequestLedger.LedgerEntry kept = reopened.find("kept", RequestLedger.fingerprint(1001, 8, 1)).orElseThrow();
            assertThat(kept.outcome().outcome()).isEqualTo(Outcome.UNCHANGED);
            assertThat(kept.outcome().attributes()).containsEntry("school_name", "Green Valley High");
            assertThat(kept.delivered()).isFalse();
            RequestLedger.LedgerEntry delivered = reopened.find("delivered", RequestLedger.fingerprint(1002, 8, 1))
                    .orElseThrow();
            assertThat(delivered.outcome().requestId()).isEqualTo("delivered");
            assertThat(delivered.delivered()).isTrue();

            reopened.recordOutcome("after", RequestLedger.fingerprint(1003, 8, 1), changed("after", 1003));
            assertThat(reopened.find("after", RequestLedger.fingerprint(1003, 8, 1))).isPresent();
        }

        List<String> lines = Files.readAllLines(folder.resolve("requests.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("\"request_id\":\"delivered\"").contains("\"type\":\"outcome\"");
        assertThat(lines.get(1)).isEqualTo("{\"type\":\"delivered\",\"request_id\":\"delivered\"}");
        assertThat(lines.get(2)).contains("\"request_id\":\"kept\"").contains("UNCHANGED");
        assertThat(lines.get(3)).contains("\"request_id\":\"after\"");
    }

    @Test
    void repeatWithAnotherFingerprintIsNotAMatch() throws Exception {
        try (RequestLedger ledger = new RequestLedger(folder, WINDOW, clock)) {
            ledger.recordOutcome("r-1", RequestLedger.fingerprint(1000, 8, 1), changed("r-1", 1000));
        }

        try (RequestLedger reopened = new RequestLedger(folder, WINDOW, clock)) {
            assertThat(reopened.find("r-1", RequestLedger.fingerprint(1000, 8, 0))).isEmpty();
            assertThat(reopened.find("r-1", RequestLedger.fingerprint(1000, 8, 1))).isPresent();
        }
    }

    @Test
    void sameHashFindsOnlyLaterId() throws Exception {
        try (RequestLedger ledger = new RequestLedger(folder, WINDOW, clock, id -> 42L)) {
            ledger.recordOutcome("first", RequestLedger.fingerprint(1000, 8, 1), changed("first", 1000));
            ledger.recordOutcome("second", RequestLedger.fingerprint(1000, 8, 1), changed("second", 1000)
                    .with(Outcome.UNCHANGED, "already in that state", 1));

            assertThat(ledger.find("first", RequestLedger.fingerprint(1000, 8, 1))).isEmpty();
            RequestLedger.LedgerEntry second = ledger.find("second", RequestLedger.fingerprint(1000, 8, 1))
                    .orElseThrow();
            assertThat(second.outcome().requestId()).isEqualTo("second");
            assertThat(second.outcome().outcome()).isEqualTo(Outcome.UNCHANGED);
            ledger.markDelivered("second");
        }

        try (RequestLedger reopened = new RequestLedger(folder, WINDOW, clock, id -> 42L)) {
            assertThat(reopened.find("first", RequestLedger.fingerprint(1000, 8, 1))).isEmpty();
            RequestLedger.LedgerEntry second = reopened.find("second", RequestLedger.fingerprint(1000, 8, 1))
                    .orElseThrow();
            assertThat(second.outcome().requestId()).isEqualTo("second");
            assertThat(second.delivered()).isTrue();
        }
    }

    @Test
    void expiryUsesExactRecordedTime() throws Exception {
        clock.advance(Duration.ofMillis(500));
        try (RequestLedger ledger = new RequestLedger(folder, WINDOW, clock)) {
            ledger.recordOutcome("r-1", RequestLedger.fingerprint(1000, 8, 1), changed("r-1", 1000));

            clock.advance(WINDOW);
            assertThat(ledger.find("r-1", RequestLedger.fingerprint(1000, 8, 1))).isPresent();
            clock.advance(Duration.ofMillis(1));
            assertThat(ledger.find("r-1", RequestLedger.fingerprint(1000, 8, 1))).isEmpty();
        }
    }

    @Test
    void manyRecordsStayFindable() throws Exception {
        int count = 25_000;
        try (RequestLedger ledger = new RequestLedger(folder, WINDOW, clock)) {
            ledger.recordOutcome("expired", RequestLedger.fingerprint(1000, 8, 1), changed("expired", 1000));
            clock.advance(WINDOW.plusSeconds(1));
            for (int i = 0; i < count; i++) {
                ledger.recordOutcome("r-" + i, RequestLedger.fingerprint(i, 8, 1), changed("r-" + i, i));
            }

            assertThat(ledger.find("expired", RequestLedger.fingerprint(1000, 8, 1))).isEmpty();
            for (int i = 0; i < count; i += 997) {
                assertThat(ledger.find("r-" + i, RequestLedger.fingerprint(i, 8, 1))).as("r-" + i).isPresent();
            }
            ledger.markDelivered("r-0");
        }

        try (RequestLedger reopened = new RequestLedger(folder, WINDOW, clock)) {
            for (int i = 0; i < count; i += 997) {
                RequestLedger.LedgerEntry entry = reopened.find("r-" + i, RequestLedger.fingerprint(i, 8, 1))
                        .orElseThrow();
                assertThat(entry.outcome().requestId()).isEqualTo("r-" + i);
                assertThat(entry.delivered()).as("r-" + i).isEqualTo(i == 0);
            }
        }
        List<String> lines = Files.readAllLines(folder.resolve("requests.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(count + 1);
        assertThat(lines.get(0)).contains("\"request_id\":\"r-0\"");
        assertThat(lines.get(1)).isEqualTo("{\"type\":\"delivered\",\"request_id\":\"r-0\"}");
        assertThat(lines.get(count)).contains("\"request_id\":\"r-" + (count - 1) + "\"");
    }

    @Test
    void outcomeLineEqualsTreeSerialization() throws Exception {
        Map<String, String> noAttributes = new HashMap<>();
        List<OutcomeRecord> outcomes = List.of(
                changed("r-1", 1000),
                new OutcomeRecord("r-\"2\"\u00e9\n\u2028", null, TextNode.valueOf("12a"),
                        DecimalNode.valueOf(new BigDecimal("1.90")), NullNode.getInstance(), Outcome.FAILED, null,
                        "E\t1", "d6 \"said\" <no>", "reason with \\ and \u0001", 3, "2026-03-01T10:00:00Z",
                        "2026-03-01T10:00:01Z", noAttributes),
                new OutcomeRecord("r-3", "file:a.csv", LongNode.valueOf(Long.MAX_VALUE), null,
                        DecimalNode.valueOf(new BigDecimal("1E+3")), Outcome.REJECTED, 422, "invalid", "no", "no", 1,
                        "2026-03-01T10:00:00Z", "2026-03-01T10:00:01Z", null));

        try (RequestLedger ledger = new RequestLedger(folder, WINDOW, clock)) {
            for (OutcomeRecord outcome : outcomes) {
                ledger.recordOutcome(outcome.requestId(), "1000/8/1", outcome);
            }
        }

        List<String> lines = Files.readAllLines(folder.resolve("requests.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            ObjectNode tree = Json.MAPPER.createObjectNode();
            tree.put("type", "outcome");
            tree.put("request_id", outcomes.get(i).requestId());
            tree.put("fingerprint", "1000/8/1");
            tree.put("recorded_at", clock.millis());
            tree.set("outcome", Json.MAPPER.valueToTree(outcomes.get(i)));
            assertThat(lines.get(i)).isEqualTo(Json.write(tree));
        }
    }
}
