package io.github.d6connector.input;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.github.d6connector.flow.ClientStateRoutes;
import io.github.d6connector.outcome.OutcomeJson;
import io.github.d6connector.outcome.OutcomeRecord;

/**
 * Makes the outcome record the JSON text body of the JMS reply, sent when the request set {@code JMSReplyTo}.
 */
public final class JmsOutcomeReply implements Processor {

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        OutcomeRecord record = message.getMandatoryBody(OutcomeRecord.class);
        message.removeHeaders("*");
        message.setHeader(ClientStateRoutes.OUTCOME_HEADER, record.outcome().name());
        message.setHeader(ClientStateRoutes.REQUEST_ID_HEADER, record.requestId());
        message.setBody(OutcomeJson.of(exchange, record));
    }
}
