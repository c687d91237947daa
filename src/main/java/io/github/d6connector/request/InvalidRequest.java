package io.github.d6connector.request;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request that failed validation and is never sent to d6.
 *
 * <p>The three field values are kept as received (a missing field is {@code null}) so that the outcome
 * shows the caller what was wrong.
 */
public record InvalidRequest(String requestId, String source, JsonNode schoolLoginId, JsonNode apiTypeId,
                             JsonNode state, String reason, Map<String, String> attributes) implements ParsedRequest {

    public InvalidRequest {
        attributes = attributes == null ? Map.of() : attributes;
    }

    public InvalidRequest(String requestId, String source, JsonNode schoolLoginId, JsonNode apiTypeId,
                          JsonNode state, String reason) {
        this(requestId, source, schoolLoginId, apiTypeId, state, reason, Map.of());
    }
}
