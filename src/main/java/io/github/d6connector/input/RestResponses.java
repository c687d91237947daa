package io.github.d6connector.input;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.OutcomeJson;
import io.github.d6connector.outcome.OutcomeRecord;

/**
 * Writes the responses of the REST API. Every response starts from an empty set of headers, so neither inbound
 * headers nor d6's response headers reach the caller.
 */
public final class RestResponses {

    private RestResponses() {
    }

    /** Answers with the outcome record and the status code for its outcome. */
    public static void outcome(Exchange exchange) throws InvalidPayloadException {
        OutcomeRecord record = exchange.getMessage().getMandatoryBody(OutcomeRecord.class);
        int status = switch (record.outcome()) {
            case CHANGED, UNCHANGED, VALIDATED -> 200;
            case INVALID -> 400;
            case REJECTED -> 422;
            case FAILED -> 502;
        };
        write(exchange.getMessage(), status, record.requestId(), OutcomeJson.of(exchange, record));
    }

    /** Writes a JSON response and, when known, the request id in {@code X-Request-Id}. */
    public static void json(Exchange exchange, int status, String json) {
        write(exchange.getMessage(), status, exchange.getProperty(RestRequestIds.REQUEST_ID, String.class), json);
    }

    /** Answers with {@code {"error": ..., "message": ...}} and, when known, the request id. */
    public static void error(Exchange exchange, int status, String error, String text) {
        String requestId = exchange.getProperty(RestRequestIds.REQUEST_ID, String.class);
        write(exchange.getMessage(), status, requestId, Json.write(new RestError(error, text, requestId)));
    }

    private static void write(Message message, int status, String requestId, String json) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (requestId != null) {
            message.setHeader(RestRequestIds.REQUEST_ID_HEADER, requestId);
        }
        message.setBody(json);
    }
}
