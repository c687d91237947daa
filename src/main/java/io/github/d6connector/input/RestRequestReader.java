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
import io.github.d6connector.request.RequestProperties;
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
        if (requestId == null) {
            requestId = RestRequestIds.requestIdOf(message.getHeader(RestRequestIds.REQUEST_ID_HEADER, String.class));
            exchange.setProperty(RestRequestIds.REQUEST_ID, requestId);
        }
        exchange.setProperty(RequestProperties.FAIL_FAST, true);

        requireJsonContentType(message.getHeader(Exchange.CONTENT_TYPE, String.class));

        String schoolLoginId = message.getHeader("schoolLoginId", String.class);
        String source = "rest:PATCH /api/v1/clients/" + schoolLoginId + "/integration-state";
        if (schoolLoginId != null && schoolLoginId.chars().allMatch(Character::isDigit)
                && !pathAsSent(message).equals("/api/v1/clients/" + schoolLoginId + "/integration-state")) {
            message.setBody(new InvalidRequest(requestId, "rest:PATCH " + shorten(pathAsSent(message)), null, null,
                    null, "school_login_id in the URL path must be a string of digits; the path "
                    + shorten(pathAsSent(message)) + " has dot segments or other characters that change it"));
            return;
        }
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

    /**
     * Returns the path as the caller sent it. The HTTP server removes dot segments before routing, so
     * {@code /clients/12/../34/...} arrives with the path parameter {@code 34}; comparing with the path as
     * sent stops such a call from changing another school.
     */
    private static String pathAsSent(Message message) {
        String uri = message.getHeader(Exchange.HTTP_URI, "", String.class);
        int query = uri.indexOf('?');
        String path = query >= 0 ? uri.substring(0, query) : uri;
        int authority = path.indexOf("://");
        if (authority >= 0) {
            int slash = path.indexOf('/', authority + 3);
            path = slash >= 0 ? path.substring(slash) : "/";
        }
        return path;
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
