package io.github.d6connector.input;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.RequestValidator;

/**
 * Reads {@code PATCH /api/v1/clients/{schoolLoginId}/integration-state} into a parsed request: the school
 * from the path, {@code api_type_id} and {@code state} from the JSON body, and the request id that
 * {@link RestRequestIds} gave the call.
 */
public final class RestRequestReader implements Processor {

    private final RequestValidator validator;

    public RestRequestReader(RequestValidator validator) {
        this.validator = validator;
    }

    @Override
    public void process(Exchange exchange) throws RestCallRefusedException {
        Message message = exchange.getMessage();
        String requestId = exchange.getProperty(RestRequestIds.REQUEST_ID, String.class);

        requireJsonContentType(message.getHeader(Exchange.CONTENT_TYPE, String.class));

        String schoolLoginId = message.getHeader("schoolLoginId", String.class);
        String source = "rest:PATCH /api/v1/clients/" + schoolLoginId + "/integration-state";
        String text = message.getBody(String.class);
        if (text == null || text.isBlank()) {
            message.setBody(new InvalidRequest(requestId, source, TextNode.valueOf(schoolLoginId), null, null,
                    "request body is empty; expected a JSON object with api_type_id and state"));
            return;
        }

        JsonNode body;
        try {
            body = Json.parse(text);
        } catch (JsonProcessingException e) {
            message.setBody(new InvalidRequest(requestId, source, TextNode.valueOf(schoolLoginId), null, null,
                    "request body is not valid JSON: " + Json.describeSyntaxError(e)));
            return;
        }
        message.setBody(validator.validateWithPathSchool(schoolLoginId, body, requestId, source));
    }

    private static void requireJsonContentType(String contentType) throws RestCallRefusedException {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new RestCallRefusedException(415, "unsupported_media_type",
                    "Content-Type must be application/json, got "
                            + (contentType == null ? "none" : "\"" + shorten(contentType) + "\""));
        }
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
