package io.github.d6connector.d6;

import io.github.d6connector.outcome.Outcome;

/**
 * Maps d6's HTTP status codes onto outcomes and decides which statuses are worth another attempt.
 *
 * <ul>
 *   <li>200 and any other 2xx except 204: {@code CHANGED}</li>
 *   <li>204: {@code UNCHANGED}</li>
 *   <li>429, 500, 502, 503, 504: redelivered, then {@code FAILED}</li>
 *   <li>everything else (1xx, 3xx, 4xx, 501, other 5xx): {@code REJECTED}</li>
 * </ul>
 */
public final class D6StatusPolicy {

    private D6StatusPolicy() {
    }

    public static boolean isRetryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** Returns the outcome of a final, non-retryable answer. */
    public static Outcome outcomeOf(int status) {
        if (status == 204) {
            return Outcome.UNCHANGED;
        }
        if (status >= 200 && status < 300) {
            return Outcome.CHANGED;
        }
        return Outcome.REJECTED;
    }
}
