package io.github.d6connector.d6;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.d6connector.outcome.Json;

/**
 * d6's error body, {@code {"error": "...", "error_description": "..."}}, read leniently: a body of another
 * shape keeps its first characters as the description so that an operator still sees what d6 said.
 */
public record D6ErrorBody(String error, String description) {

    private static final int MAX_TEXT_CHARS = 300;

    public static D6ErrorBody parse(String body) {
        if (body == null || body.isBlank()) {
            return new D6ErrorBody(null, null);
        }

        try {
            JsonNode node = Json.parse(body);
            if (node.isObject() && (node.has("error") || node.has("error_description"))) {
                return new D6ErrorBody(text(node.get("error")), text(node.get("error_description")));
            }
        } catch (Exception e) {
            // Not JSON: keep the start of the text below.
        }
        return new D6ErrorBody(null, shorten(body));
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return shorten(node.isTextual() ? node.textValue() : node.toString());
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > MAX_TEXT_CHARS ? oneLine.substring(0, MAX_TEXT_CHARS) + "..." : oneLine;
    }
}
