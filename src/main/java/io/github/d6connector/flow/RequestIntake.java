package io.github.d6connector.flow;

import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;

import io.github.d6connector.request.ParsedRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Moves the parsed request from the body into exchange properties and notes when its processing started.
 */
public final class RequestIntake implements Processor {

    private final Clock clock;

    public RequestIntake(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        ParsedRequest request = exchange.getMessage().getMandatoryBody(ParsedRequest.class);
        exchange.setProperty(RequestProperties.REQUEST, request);
        exchange.setProperty(RequestProperties.STARTED_AT, clock.instant());
        exchange.setProperty(RequestProperties.ATTEMPTS, 0);
    }
}
