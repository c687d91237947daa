package io.github.d6connector.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.Outcome;
import io.github.d6connector.outcome.OutcomeRecord;

class JournalEntryTest {

    @Test
    void toJsonMatchesTheMapper() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("school_name", "Zoë's \"Green\" Valley\\High");
        attributes.put("note", "line one\nline two\ttab");
        OutcomeRecord record = new OutcomeRecord("req-ü-1", "file:schools.csv:3", TextNode.valueOf("12x"),
                IntNode.valueOf(8), IntNode.valueOf(1), Outcome.REJECTED, 400, "invalid_request",
                "School \"12x\" unknown", "d6 rejected the request", 1, "2026-03-01T10:00:00Z",
                "2026-03-01T10:00:01.250Z", attributes);
        JournalEntry entry = new JournalEntry("2026-03-01T10:00:01.300Z", "file", "schools.csv line 3 \"α\"", record);

        assertThat(entry.toJson(Json.write(record))).isEqualTo(Json.write(entry));
    }

    @Test
    void toJsonReadsBackAsTheEntry() throws Exception {
        OutcomeRecord record = new OutcomeRecord("req-2", "rest:req-2", IntNode.valueOf(1000), IntNode.valueOf(8),
                IntNode.valueOf(0), Outcome.CHANGED, 200, null, null, "d6 changed the integration state", 2,
                "2026-03-01T10:00:00Z", "2026-03-01T10:00:00.040Z", Map.of("crm_id", "42"));
        JournalEntry entry = new JournalEntry("2026-03-01T10:00:00.050Z", "rest", "crm", record);

        JournalEntry read = Json.MAPPER.readValue(entry.toJson(Json.write(record)), JournalEntry.class);

        assertThat(read).isEqualTo(entry);
    }
}
