package io.github.d6connector.d6;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Prepares one state change call to d6 from the validated request alone: the JSON body, its content type and
 * the URL. It runs on every attempt, after every inbound header has been removed, and counts the attempt.
 *
 * <p>The v1 body is {@code {"api_type_id": 8, "state": 1}} with the school in the URL. The v2 body is
 * {@code {"school_id": 1000, "api_type_id": 8, "state": true}}.
 */
public final class D6RequestBuilder implements Processor {

    private final D6Settings settings;

    public D6RequestBuilder(D6Settings settings) {
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) {
        ClientStateRequest request = exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class);
        int attempts = exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class);
        exchange.setProperty(RequestProperties.ATTEMPTS, attempts + 1);

        Map<String, Object> body = new LinkedHashMap<>();
        if (settings.apiVersion() == D6ApiVersion.V2) {
            body.put("school_id", request.schoolLoginId());
            body.put("api_type_id", request.apiTypeId());
            body.put("state", request.state() == 1);
        } else {
            body.put("api_type_id", request.apiTypeId());
            body.put("state", request.state());
        }

        Message message = exchange.getMessage();
        message.setBody(Json.write(body).getBytes(StandardCharsets.UTF_8));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(Exchange.HTTP_URI, settings.clientStateUrl(request.schoolLoginId()));
    }
}
