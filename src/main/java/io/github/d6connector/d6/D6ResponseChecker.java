package io.github.d6connector.d6;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Throws {@link D6RetryableException} when d6's response is worth another attempt, so that Camel redelivers.
 * Other responses pass through unchanged. A 429 also pauses every caller of d6 through the rate limiter.
 */
public final class D6ResponseChecker implements Processor {

    private final Clock clock;
    private final Function<String, D6ErrorBody> errorReader;
    private final D6RateLimiter rateLimiter;
    private final Duration defaultPause;
    private final Duration maximumPause;

    /**
     * @param errorReader  reads d6's error fields from the body, in the format of the endpoint called
     * @param rateLimiter  the limiter a 429 pauses, or {@code null} for calls outside it
     * @param defaultPause how long every caller pauses after a 429 that has no {@code Retry-After}
     * @param maximumPause the longest pause, whatever {@code Retry-After} asks for
     */
    public D6ResponseChecker(Clock clock, Function<String, D6ErrorBody> errorReader, D6RateLimiter rateLimiter,
                             Duration defaultPause, Duration maximumPause) {
        this.clock = clock;
        this.errorReader = errorReader;
        this.rateLimiter = rateLimiter;
        this.defaultPause = defaultPause;
        this.maximumPause = maximumPause;
    }

    /** Creates a checker for calls that do not pass the rate limiter. */
    public D6ResponseChecker(Clock clock, Function<String, D6ErrorBody> errorReader) {
        this(clock, errorReader, null, Duration.ZERO, Duration.ZERO);
    }

    @Override
    public void process(Exchange exchange) throws D6RetryableException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (!D6StatusPolicy.isRetryable(status)) {
            return;
        }

        D6ErrorBody error = errorReader.apply(message.getBody(String.class));
        Duration retryAfter = RetryAfter.parse(message.getHeader("Retry-After", String.class), clock);
        if (status == 429 && rateLimiter != null) {
            Duration pause = retryAfter != null ? retryAfter : defaultPause;
            rateLimiter.pause(pause.compareTo(maximumPause) > 0 ? maximumPause : pause);
        }
        throw new D6RetryableException(status, retryAfter, error.error(), error.description());
    }
}
