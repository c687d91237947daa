package io.github.d6connector.d6;

import java.time.Duration;

/**
 * d6 responded with a status that may succeed later (429, 500, 502, 503 or 504). Camel redelivers on it.
 */
public class D6RetryableException extends Exception {

    private final int status;
    private final Duration retryAfter;
    private final String d6Error;
    private final String d6ErrorDescription;

    public D6RetryableException(int status, Duration retryAfter, String d6Error, String d6ErrorDescription) {
        super("d6 answered HTTP " + status, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.d6Error = d6Error;
        this.d6ErrorDescription = d6ErrorDescription;
    }

    public int status() {
        return status;
    }

    /** Returns the wait d6 asked for with {@code Retry-After}, or {@code null} when it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public String d6Error() {
        return d6Error;
    }

    public String d6ErrorDescription() {
        return d6ErrorDescription;
    }
}
