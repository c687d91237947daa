package io.github.d6connector.input;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.d6connector.ledger.LedgerSteps;
import io.github.d6connector.outcome.Json;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.RequestProperties;
import io.github.d6connector.request.RequestValidator;

/**
 * Reads one JMS message holding one request object. The request id is the message's {@code request_id}
 * field, else its JMS correlation id, else its JMS message id.
 */
public final class JmsRequestReader implements Processor {

    private final RequestValidator validator;

    public JmsRequestReader(RequestValidator validator) {
        this.validator = validator;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String messageId = message.getHeader("JMSMessageID", String.class);
        String correlationId = message.getHeader("JMSCorrelationID", String.class);
        String requestId = correlationId != null && !correlationId.isBlank() ? correlationId : messageId;
        String source = "jms:" + messageId;
        exchange.setProperty(LedgerSteps.BROKER_REDELIVERY, message.getHeader("JMSRedelivered", false, Boolean.class));
        exchange.setProperty(RequestProperties.INPUT, "jms");

        String text = message.getBody(String.class);
        if (text == null || text.isBlank()) {
            message.setBody(new InvalidRequest(requestId, source, null, null, null,
                    "message body is empty; expected a JSON object with school_login_id, api_type_id and state"));
            return;
        }

        JsonNode body;
        try {
            body = Json.parse(text);
        } catch (JsonProcessingException e) {
            message.setBody(new InvalidRequest(requestId, source, null, null, null,
                    "message body is not valid JSON: " + Json.describeSyntaxError(e)));
            return;
        }
        message.setBody(validator.validate(body, requestId, source));
    }
}
