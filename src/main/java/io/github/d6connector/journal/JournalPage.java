package io.github.d6connector.journal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One page of the outcome history, newest first.
 *
 * @param outcomes   the entries on this page
 * @param nextCursor the {@code cursor} that returns the next, older page, or {@code null} on the last page
 */
@JsonPropertyOrder({"outcomes", "next_cursor"})
public record JournalPage(
        @JsonProperty("outcomes") List<JournalEntry> outcomes,
        @JsonProperty("next_cursor") String nextCursor) {
}
