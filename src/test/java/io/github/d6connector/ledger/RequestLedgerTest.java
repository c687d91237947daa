package io.github.d6connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.IntNode;

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
}
