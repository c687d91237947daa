package io.github.d6connector.d6;

import java.time.Clock;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Throws {@link D6RetryableException} when d6's answer is worth another attempt, so that Camel redelivers.
 * Other answers pass through unchanged.
 */
public final class D6ResponseChecker implements Processor {

    private final Clock clock;
    private final Function<String, D6ErrorBody> errorReader;

    /** @param errorReader reads d6's error fields from the body, in the format of the endpoint called */
    public D6ResponseChecker(Clock clock, Function<String, D6ErrorBody> errorReader) {
        this.clock = clock;
        this.errorReader = errorReader;
    }

    @Override
    public void process(Exchange exchange) throws D6RetryableException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (!D6StatusPolicy.isRetryable(status)) {
            return;
        }

        D6ErrorBody error = errorReader.apply(message.getBody(String.class));
        throw new D6RetryableException(status, RetryAfter.parse(message.getHeader("Retry-After", String.class), clock),
                error.error(), error.description());
    }
}
