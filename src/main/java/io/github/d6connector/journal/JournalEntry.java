package io.github.d6connector.journal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.OutcomeRecord;

/**
 * One line of the outcome journal: a request's final outcome, who asked for it and when it was recorded.
 *
 * @param recordedAt  ISO-8601 UTC instant at which the outcome was written to the journal
 * @param input       {@code file}, {@code rest}, {@code jms} or {@code batch}
 * @param requestedBy the REST caller's name, the file name and line, or the JMS message id
 * @param record      the outcome record, as the endpoints and REST callers receive it
 */
@JsonPropertyOrder({"recorded_at", "input", "requested_by", "record"})
public record JournalEntry(
        @JsonProperty("recorded_at") String recordedAt,
        @JsonProperty("input") String input,
        @JsonProperty("requested_by") String requestedBy,
        @JsonProperty("record") OutcomeRecord record) {

    /**
     * Writes the entry as the same JSON text as the shared mapper, taking the record's text as already
     * written, so a record is not written a second time for the journal.
     */
    String toJson(String recordJson) {
        return Json.writeObject(recordJson.length() + 160, json -> {
            json.writeStringField("recorded_at", recordedAt);
            json.writeStringField("input", input);
            json.writeStringField("requested_by", requestedBy);
            json.writeFieldName("record");
            json.writeRawValue(recordJson);
        });
    }
}
