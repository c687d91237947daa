package io.github.d6connector.sandbox;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Reading and writing of JSON bodies, shared by the sandbox's endpoints. */
final class SandboxHttp {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SandboxHttp() {
    }

    /** Returns the parsed body, or null if it is not valid JSON. An empty body parses to a missing node. */
    static JsonNode parseJson(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("Reading JSON from an in-memory byte array failed", e);
        }
    }

    /** Sends a v1 error body, {@code {"error": ..., "error_description": ...}}, and returns the status. */
    static int sendError(HttpExchange exchange, int status, String error, String description) throws IOException {
        ObjectNode body = MAPPER.createObjectNode()
                .put("error", error)
                .put("error_description", description);
        return sendJson(exchange, status, MAPPER.writeValueAsBytes(body));
    }

    static int sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        return sendJson(exchange, status, MAPPER.writeValueAsBytes(body));
    }

    static int sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");

        // OpenJDK's server (sun.net.httpserver.ExchangeImpl) sends no body for HEAD and logs a warning when
        // sendResponseHeaders gets a content length for one.
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return status;
        }

        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(body);
        }
        return status;
    }
}
