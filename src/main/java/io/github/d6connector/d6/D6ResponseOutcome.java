package io.github.d6connector.d6;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

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
    private final D6StateChangeResponses responses;

    public D6ResponseOutcome(OutcomeFactory outcomes, D6StateChangeResponses responses) {
        this.outcomes = outcomes;
        this.responses = responses;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        if (message.getBody() instanceof OutcomeRecord) {
            return;
        }
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        D6Result result = responses.outcomeOf(status, message.getBody(String.class));

        OutcomeRecord record = outcomes.answered(
                exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class), result.outcome(), status,
                result.d6Error(), result.d6ErrorDescription(),
                exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class),
                exchange.getProperty(RequestProperties.STARTED_AT, Instant.class));

        message.removeHeaders("*");
        message.setBody(record);
    }
}
