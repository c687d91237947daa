package io.github.d6connector.input;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of every REST error response that is not an outcome record.
 *
 * @param error     short machine-readable code, such as {@code unauthorized} or {@code forbidden}
 * @param message   one sentence for the caller: what was wrong and what to change
 * @param requestId the request id, when the call got that far
 */
@JsonPropertyOrder({"error", "message", "request_id"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestError(
        @JsonProperty("error") String error,
        @JsonProperty("message") String message,
        @JsonProperty("request_id") String requestId) {
}
