package io.github.d6connector.request;

import java.util.Map;

/**
 * A validated request to change one school's integration state for one d6 API type.
 *
 * @param requestId     id that follows the request into its outcome and the log
 * @param source        where the request came from, such as {@code file:schools.json#3} or {@code rest:/api/v1/...}
 * @param schoolLoginId d6 school login id, from 1 to {@link Integer#MAX_VALUE}
 * @param apiTypeId     d6 API type id, from 1 to {@link Integer#MAX_VALUE}
 * @param state         1 to activate the integration, 0 to deactivate it
 * @param attributes    extra values that travel with the request into its outcome, such as the other columns
 *                      of a CSV row; never sent to d6
 */
public record ClientStateRequest(String requestId, String source, int schoolLoginId, int apiTypeId, int state,
                                 Map<String, String> attributes) implements ParsedRequest {

    public ClientStateRequest {
        attributes = attributes == null ? Map.of() : attributes;
    }

    public ClientStateRequest(String requestId, String source, int schoolLoginId, int apiTypeId, int state) {
        this(requestId, source, schoolLoginId, apiTypeId, state, Map.of());
    }
}
