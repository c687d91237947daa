package io.github.d6connector.outcome;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON record of one request's outcome, sent to the success or error endpoint and returned to the caller.
 *
 * <p>{@code school_login_id}, {@code api_type_id} and {@code state} are numbers for a valid request. For an
 * {@code INVALID} outcome they are the values as received, of any JSON type, and {@code null} when missing.
 * The timestamps are ISO-8601 instants in UTC. {@code attributes}, present only when not empty, carries the
 * extra columns of a CSV row.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"request_id", "source", "school_login_id", "api_type_id", "state", "outcome", "http_status",
        "d6_error", "d6_error_description", "reason", "attempts", "started_at", "finished_at", "attributes"})
public record OutcomeRecord(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("source") String source,
        @JsonProperty("school_login_id") JsonNode schoolLoginId,
        @JsonProperty("api_type_id") JsonNode apiTypeId,
        @JsonProperty("state") JsonNode state,
        @JsonProperty("outcome") Outcome outcome,
        @JsonProperty("http_status") Integer httpStatus,
        @JsonProperty("d6_error") String d6Error,
        @JsonProperty("d6_error_description") String d6ErrorDescription,
        @JsonProperty("reason") String reason,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("attributes") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> attributes) {

    /** Returns a copy with another outcome, reason and attempt count, as a duplicate or dry-run row needs. */
    public OutcomeRecord with(Outcome newOutcome, String newReason, int newAttempts) {
        return new OutcomeRecord(requestId, source, schoolLoginId, apiTypeId, state, newOutcome, httpStatus, d6Error,
                d6ErrorDescription, newReason, newAttempts, startedAt, finishedAt, attributes);
    }
}
