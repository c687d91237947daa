package io.github.d6connector.d6;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.github.d6connector.outcome.Outcome;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Turns d6's final response into the outcome record and drops every header of d6's response, so that none of
 * them (such as {@code Set-Cookie}) reaches an input's reply. A body that is already an outcome, the
 * {@code FAILED} outcome of exhausted attempts, passes unchanged.
 */
public final class D6ResponseOutcome implements Processor {

    private final OutcomeFactory outcomes;

    public D6ResponseOutcome(OutcomeFactory outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        if (message.getBody() instanceof OutcomeRecord) {
            return;
        }
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Outcome outcome = D6StatusPolicy.outcomeOf(status);
        D6ErrorBody error = outcome == Outcome.REJECTED
                ? D6ErrorBody.parse(message.getBody(String.class))
                : new D6ErrorBody(null, null);

        OutcomeRecord record = outcomes.answered(
                exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class), outcome, status,
                error.error(), error.description(), exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class),
                exchange.getProperty(RequestProperties.STARTED_AT, Instant.class));

        message.removeHeaders("*");
        message.setBody(record);
    }
}
