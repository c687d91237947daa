package io.github.d6connector.journal;

import java.time.Instant;
import java.util.function.IntPredicate;

import io.github.d6connector.outcome.Outcome;

/**
 * A page request on the outcome history. Every filter is optional ({@code null}).
 *
 * @param schoolLoginId  only this school's outcomes
 * @param since          only outcomes recorded at or after this instant
 * @param outcome        only this outcome
 * @param limit          most entries on the page, from 1 to {@link #MAX_LIMIT}
 * @param cursor         continue after the previous page, or {@code null} for the newest entries
 * @param visibleSchool  schools whose outcomes the caller may see, or {@code null} for every school; an entry
 *                       without a valid school id is visible only with {@code null}
 */
public record JournalQuery(Integer schoolLoginId, Instant since, Outcome outcome, int limit, JournalCursor cursor,
                           IntPredicate visibleSchool) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
}
