package io.github.d6connector.input;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of {@code PATCH /api/v1/clients/{schoolLoginId}/integration-state}, as the OpenAPI document
 * describes it. {@link RestRequestReader} reads the body as a JSON tree, so that it can name every invalid
 * value, and does not bind it to this type.
 *
 * @param apiTypeId d6 API type id, a JSON integer from 1 to 2147483647
 * @param state     1 to activate the integration, 0 to deactivate it
 * @param requestId optional id of 1 to 128 characters from {@code A-Z a-z 0-9 . _ : -}
 */
@JsonPropertyOrder({"api_type_id", "state", "request_id"})
public record IntegrationStateBody(
        @JsonProperty(value = "api_type_id", required = true) int apiTypeId,
        @JsonProperty(value = "state", required = true) int state,
        @JsonProperty("request_id") String requestId) {
}
