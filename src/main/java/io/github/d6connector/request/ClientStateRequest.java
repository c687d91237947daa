package io.github.d6connector.request;

/**
 * A validated request to change one school's integration state for one d6 API type.
 *
 * @param requestId     id that follows the request into its outcome and the log
 * @param source        where the request came from, such as {@code file:schools.json#3} or {@code rest:/api/v1/...}
 * @param schoolLoginId d6 school login id, from 1 to {@link Integer#MAX_VALUE}
 * @param apiTypeId     d6 API type id, from 1 to {@link Integer#MAX_VALUE}
 * @param state         1 to activate the integration, 0 to deactivate it
 */
public record ClientStateRequest(String requestId, String source, int schoolLoginId, int apiTypeId, int state)
        implements ParsedRequest {
}
