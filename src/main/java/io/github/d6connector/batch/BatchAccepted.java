package io.github.d6connector.batch;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The response body of {@code POST /api/v1/batches}.
 *
 * @param batchId   id of the new batch
 * @param state     always {@code QUEUED}
 * @param statusUrl path of the batch's status, also sent as the {@code Location} header
 */
@JsonPropertyOrder({"batch_id", "state", "status_url"})
public record BatchAccepted(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("state") String state,
        @JsonProperty("status_url") String statusUrl) {
}
