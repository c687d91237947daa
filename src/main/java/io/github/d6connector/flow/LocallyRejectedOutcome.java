package io.github.d6connector.flow;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Builds the {@code REJECTED} outcome of a request that {@link SchoolAccessCheck} stopped, and logs who sent it.
 */
public final class LocallyRejectedOutcome implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(LocallyRejectedOutcome.class);

    private final OutcomeFactory outcomes;

    public LocallyRejectedOutcome(OutcomeFactory outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void process(Exchange exchange) {
        ClientStateRequest request = exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class);
        String reason = exchange.getProperty(RequestProperties.LOCAL_REJECTION, String.class);
        LOG.warn("Request {} from {} ({}) rejected without calling d6: {}", request.requestId(), request.source(),
                exchange.getProperty(RequestProperties.CALLER, "unknown caller", String.class), reason);

        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(
                outcomes.rejectedLocally(request, reason, exchange.getProperty(RequestProperties.STARTED_AT, Instant.class)));
    }
}
