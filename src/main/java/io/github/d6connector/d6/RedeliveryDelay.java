package io.github.d6connector.d6;

import java.time.Duration;

/**
 * Computes the wait before the next call to d6: exponential back-off, or longer when d6 asked for it with
 * {@code Retry-After}, and never more than the maximum delay.
 */
public final class RedeliveryDelay {

    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maximumDelay;

    public RedeliveryDelay(Duration initialDelay, double multiplier, Duration maximumDelay) {
        this.initialDelay = initialDelay;
        this.multiplier = multiplier;
        this.maximumDelay = maximumDelay;
    }

    /**
     * Returns the delay before redelivery number {@code redelivery} (1 for the first redelivery).
     *
     * @param retryAfter the wait d6 asked for, or {@code null}
     */
    public Duration before(int redelivery, Duration retryAfter) {
        double backOffMillis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, redelivery - 1));
        long delayMillis = (long) Math.min(backOffMillis, maximumDelay.toMillis());

        if (retryAfter != null) {
            delayMillis = Math.max(delayMillis, Math.min(retryAfter.toMillis(), maximumDelay.toMillis()));
        }
        return Duration.ofMillis(delayMillis);
    }
}
