package io.github.d6connector.d6;

import java.time.Clock;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Throws {@link D6RetryableException} when d6's response is worth another attempt, so that Camel redelivers.
 * Other responses pass through unchanged. A 429 also pauses every caller of d6 through the rate limiter.
 */
public final class D6ResponseChecker implements Processor {

    private final Clock clock;
    private final D6RateLimiter rateLimiter;
    private final Duration defaultPause;
    private final Duration maximumPause;

    /**
     * @param defaultPause how long every caller pauses after a 429 that has no {@code Retry-After}
     * @param maximumPause the longest pause, whatever {@code Retry-After} asks for
     */
    public D6ResponseChecker(Clock clock, D6RateLimiter rateLimiter, Duration defaultPause, Duration maximumPause) {
        this.clock = clock;
        this.rateLimiter = rateLimiter;
        this.defaultPause = defaultPause;
        this.maximumPause = maximumPause;
    }

    @Override
    public void process(Exchange exchange) throws D6RetryableException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (!D6StatusPolicy.isRetryable(status)) {
            return;
        }

        D6ErrorBody error = D6ErrorBody.parse(message.getBody(String.class));
        Duration retryAfter = RetryAfter.parse(message.getHeader("Retry-After", String.class), clock);
        if (status == 429) {
            Duration pause = retryAfter != null ? retryAfter : defaultPause;
            rateLimiter.pause(pause.compareTo(maximumPause) > 0 ? maximumPause : pause);
        }
        throw new D6RetryableException(status, retryAfter, error.error(), error.description());
    }
}
