package io.github.d6connector.flow;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.RequestProperties;

/** Builds the {@code INVALID} outcome of a request that failed validation. */
public final class InvalidOutcome implements Processor {

    private final OutcomeFactory outcomes;

    public InvalidOutcome(OutcomeFactory outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void process(Exchange exchange) {
        InvalidRequest request = exchange.getProperty(RequestProperties.REQUEST, InvalidRequest.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(
                outcomes.invalid(request, exchange.getProperty(RequestProperties.STARTED_AT, Instant.class)));
    }
}
