package io.github.d6connector.d6;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.d6connector.clients.ClientIntegration;
import io.github.d6connector.outcome.Json;

/**
 * Reads d6's Get Clients body: a JSON array with one object per school and API type, or one such object.
 *
 * <p>{@code school_login_id} may be a string of digits, as d6 documents it, or a JSON integer, and
 * {@code api_type_id} a JSON integer or a string of digits. The whole list is unreadable when one entry
 * lacks either id, so that a caller never acts on part of a list.
 */
public final class D6ClientsParser {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_VALUE_CHARS = 40;

    private D6ClientsParser() {
    }

    public static List<ClientIntegration> parse(String body) throws UnreadableClientsException {
        if (body == null || body.isBlank()) {
            throw new UnreadableClientsException("the body is empty");
        }

        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (Exception e) {
            throw new UnreadableClientsException("the body is not valid JSON");
        }

        List<ClientIntegration> clients = new ArrayList<>();
        if (root.isObject()) {
            clients.add(entry(root, 1));
        } else if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                clients.add(entry(root.get(i), i + 1));
            }
        } else {
            throw new UnreadableClientsException("expected a JSON array of objects, got " + shorten(root.toString()));
        }
        return clients;
    }

    private static ClientIntegration entry(JsonNode node, int number) throws UnreadableClientsException {
        if (!node.isObject()) {
            throw new UnreadableClientsException("entry " + number + " is not a JSON object");
        }

        JsonNode schoolLoginId = node.get("school_login_id");
        if (schoolLoginId == null || !(schoolLoginId.isIntegralNumber() && schoolLoginId.canConvertToLong()
                || schoolLoginId.isTextual() && DIGITS.matcher(schoolLoginId.textValue().trim()).matches())) {
            throw new UnreadableClientsException("entry " + number + " has no school_login_id of digits, got "
                    + describe(schoolLoginId));
        }

        JsonNode apiTypeId = node.get("api_type_id");
        int apiType;
        if (apiTypeId != null && apiTypeId.isIntegralNumber() && apiTypeId.canConvertToInt()) {
            apiType = apiTypeId.intValue();
        } else if (apiTypeId != null && apiTypeId.isTextual() && apiTypeId.textValue().trim().matches("[0-9]{1,9}")) {
            apiType = Integer.parseInt(apiTypeId.textValue().trim());
        } else {
            throw new UnreadableClientsException("entry " + number + " has no integer api_type_id, got "
                    + describe(apiTypeId));
        }

        return new ClientIntegration(schoolLoginId.isTextual() ? schoolLoginId.textValue().trim()
                : schoolLoginId.asText(), text(node.get("school_name")), apiType, text(node.get("api_type")),
                text(node.get("activated_by_integrator")));
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : shorten(node.toString());
    }

    private static String shorten(String text) {
        return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "..." : text;
    }

    /** A Get Clients body that is not a clients list. The message describes what is wrong with it. */
    public static final class UnreadableClientsException extends Exception {

        UnreadableClientsException(String message) {
            super(message, null, false, false);
        }
    }
}
