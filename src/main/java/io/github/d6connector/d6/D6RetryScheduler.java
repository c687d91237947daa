package io.github.d6connector.d6;

import java.time.Duration;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.observe.ConnectorMetrics;
import io.github.d6connector.observe.RequestMdc;
import io.github.d6connector.request.RequestProperties;

/**
 * Runs when a call to d6 fails with a retryable error: sets the delay before Camel's next redelivery
 * (back-off, or d6's {@code Retry-After} up to the maximum delay) and logs the retry.
 */
public final class D6RetryScheduler implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(D6RetryScheduler.class);

    private final RedeliveryDelay delays;
    private final int maximumAttempts;
    private final Function<Exchange, String> callName;
    private final ConnectorMetrics metrics;

    /**
     * @param callName names the call in the log line, such as {@code Request 42}
     * @param metrics  counts the retries, or {@code null} for none
     */
    public D6RetryScheduler(RedeliveryDelay delays, int maximumRedeliveries, Function<Exchange, String> callName,
                            ConnectorMetrics metrics) {
        this.delays = delays;
        this.maximumAttempts = maximumRedeliveries + 1;
        this.callName = callName;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        int attempts = exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class);
        if (attempts >= maximumAttempts) {
            return;
        }

        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Duration retryAfter = failure instanceof D6RetryableException retryable ? retryable.retryAfter() : null;
        Duration delay = delays.before(attempts, retryAfter);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis());

        if (metrics != null) {
            metrics.countRetry();
        }

        // Camel calls this processor outside the route's processors, so it sets the MDC itself.
        try (RequestMdc.Scope scope = RequestMdc.open(exchange)) {
            LOG.warn("{}: d6 call attempt {} of {} failed with {}; retrying in {} ms{}", callName.apply(exchange),
                    attempts, maximumAttempts, describe(failure), delay.toMillis(),
                    retryAfter == null ? "" : " (d6 sent Retry-After of " + retryAfter.toSeconds() + " s)");
        }
    }

    static String describe(Exception failure) {
        if (failure instanceof D6RetryableException retryable) {
            return "HTTP " + retryable.status();
        }
        return IoFailures.describe(failure);
    }
}
