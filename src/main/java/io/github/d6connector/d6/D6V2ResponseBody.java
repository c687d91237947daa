package io.github.d6connector.d6;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.d6connector.outcome.Json;

/**
 * The fields of a v2 response body that decide the outcome, read leniently: a missing field, or a body that is
 * not a JSON object, leaves them {@code null}.
 *
 * @param success          the {@code success} flag, or {@code null} when absent or not a boolean
 * @param message          the {@code message} text, shortened
 * @param validationErrors the {@code validation_errors} object as {@code field: message; field: message},
 *                         shortened, or {@code null} when absent or empty
 */
public record D6V2ResponseBody(Boolean success, String message, String validationErrors) {

    private static final int MAX_TEXT_CHARS = 300;

    public static D6V2ResponseBody parse(String body) {
        if (body == null || body.isBlank()) {
            return new D6V2ResponseBody(null, null, null);
        }

        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (Exception e) {
            return new D6V2ResponseBody(null, null, null);
        }
        if (!node.isObject()) {
            return new D6V2ResponseBody(null, null, null);
        }

        JsonNode success = node.get("success");
        JsonNode message = node.get("message");
        return new D6V2ResponseBody(success != null && success.isBoolean() ? success.booleanValue() : null,
                message == null || message.isNull() ? null : shorten(text(message)),
                validationErrors(node.get("validation_errors")));
    }

    /**
     * Joins the validation errors, which d6 keys by field name, into one line. A field's value may be a
     * message or an array of messages.
     */
    private static String validationErrors(JsonNode errors) {
        if (errors == null || !errors.isObject() || errors.isEmpty()) {
            return null;
        }

        List<String> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = errors.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            List<String> messages = new ArrayList<>();
            if (entry.getValue().isArray()) {
                entry.getValue().forEach(item -> messages.add(text(item)));
            } else {
                messages.add(text(entry.getValue()));
            }
            fields.add(entry.getKey() + ": " + String.join(", ", messages));
        }
        return shorten(String.join("; ", fields));
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > MAX_TEXT_CHARS ? oneLine.substring(0, MAX_TEXT_CHARS) + "..." : oneLine;
    }
}
