package io.github.d6connector.flow;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.request.ParsedRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Turns an unexpected error while deciding a request's outcome into a {@code FAILED} outcome, so that the
 * request still ends in exactly one outcome, and logs the error with its stack trace.
 */
public final class InternalErrorOutcome implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(InternalErrorOutcome.class);

    private final OutcomeFactory outcomes;

    public InternalErrorOutcome(OutcomeFactory outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void process(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ParsedRequest request = exchange.getProperty(RequestProperties.REQUEST, ParsedRequest.class);
        if (request == null) {
            throw new IllegalStateException("Unexpected error before the request was read", failure);
        }
        LOG.error("Request {}: unexpected error while processing it", request.requestId(), failure);

        Instant startedAt = exchange.getProperty(RequestProperties.STARTED_AT, Instant.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(outcomes.internalError(request,
                exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class), startedAt));
    }
}
