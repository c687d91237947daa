package io.github.d6connector.d6;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Builds the {@code FAILED} outcome once Camel's redelivery attempts have run out.
 */
public final class D6FailedOutcome implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(D6FailedOutcome.class);

    private final OutcomeFactory outcomes;

    public D6FailedOutcome(OutcomeFactory outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void process(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ClientStateRequest request = exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class);
        int attempts = exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class);

        OutcomeRecord record;
        if (failure instanceof D6RetryableException retryable) {
            record = outcomes.failed(request, retryable.status(), retryable.d6Error(),
                    retryable.d6ErrorDescription(), "HTTP " + retryable.status(), attempts,
                    exchange.getProperty(RequestProperties.STARTED_AT, Instant.class));
        } else if (failure instanceof D6UnavailableException) {
            record = outcomes.failed(request, null, null, null,
                    "d6 is unavailable (the circuit breaker is open after repeated failures); try again later",
                    attempts, exchange.getProperty(RequestProperties.STARTED_AT, Instant.class));
        } else {
            LOG.debug("Request {}: last d6 call failed", request.requestId(), failure);
            record = outcomes.failed(request, null, null, null, IoFailures.describe(failure), attempts,
                    exchange.getProperty(RequestProperties.STARTED_AT, Instant.class));
        }

        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(record);
    }
}
