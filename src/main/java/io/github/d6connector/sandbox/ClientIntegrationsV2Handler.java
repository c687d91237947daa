package io.github.d6connector.sandbox;

import static io.github.d6connector.sandbox.SandboxHttp.MAPPER;
import static io.github.d6connector.sandbox.SandboxHttp.parseJson;
import static io.github.d6connector.sandbox.SandboxHttp.sendJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves d6's v2 state change, {@code PATCH} or {@code POST /api/v2/settings/clientintegrations} with
 * {@code {"school_id": 1000, "api_type_id": 8, "state": true}}, responding with the v2 body shape
 * {@code {"success": ..., "message": ...}}. The router has checked the method and the credentials.
 *
 * <ul>
 *   <li>200 {@code "Integration successfully activated"} (or deactivated) with the client record in {@code data}</li>
 *   <li>400 {@code "Integration already activated"} (or deactivated) when nothing changes</li>
 *   <li>400 with {@code validation_errors} keyed by field for a missing or malformed field</li>
 *   <li>401 {@code "Client has not authorised access"} for a school or API type that has not authorised the
 *       integrator</li>
 * </ul>
 *
 * <p>The validation messages are the sandbox's own wording; d6 documents the shape, not the text.
 */
final class ClientIntegrationsV2Handler {

    private static final Logger LOG = LoggerFactory.getLogger(ClientIntegrationsV2Handler.class);

    private final SandboxSchools schools;
    private final IntegrationStates states;

    ClientIntegrationsV2Handler(SandboxSchools schools, IntegrationStates states) {
        this.schools = schools;
        this.states = states;
    }

    /** Sends a v2 response body without data, such as an error, and returns the status. */
    static int sendMessage(HttpExchange exchange, int status, boolean success, String message) throws IOException {
        return sendJson(exchange, status, MAPPER.createObjectNode().put("success", success).put("message", message));
    }

    int changeState(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(ClientStateHandler.MAX_BODY_BYTES + 1);
        if (body.length > ClientStateHandler.MAX_BODY_BYTES) {
            return sendMessage(exchange, 413, false, "Request body exceeds " + ClientStateHandler.MAX_BODY_BYTES
                    + " bytes. Send only school_id, api_type_id and state.");
        }

        JsonNode request = parseJson(body);
        if (request == null || !request.isObject()) {
            return sendMessage(exchange, 400, false, "Request body is not a JSON object. Send"
                    + " {\"school_id\": <integer>, \"api_type_id\": <integer>, \"state\": true or false}.");
        }

        Map<String, String> errors = new LinkedHashMap<>();
        long schoolId = positiveId(request.get("school_id"), "school_id", errors);
        long apiTypeId = positiveId(request.get("api_type_id"), "api_type_id", errors);
        Integer state = stateOf(request.get("state"), errors);
        if (!errors.isEmpty()) {
            ObjectNode response = MAPPER.createObjectNode().put("success", false).put("message", "Validation failed");
            ObjectNode validationErrors = response.putObject("validation_errors");
            errors.forEach((field, message) -> validationErrors.putArray(field).add(message));
            return sendJson(exchange, 400, response);
        }

        if (apiTypeId > Integer.MAX_VALUE || !schools.isAuthorised(schoolId, (int) apiTypeId)) {
            return sendMessage(exchange, 401, false, "Client has not authorised access");
        }

        String verb = state == 1 ? "activated" : "deactivated";
        int previous = states.set(schoolId, (int) apiTypeId, state);
        if (previous == state) {
            return sendMessage(exchange, 400, false, "Integration already " + verb);
        }

        LOG.info("School {} API type {} changed state from {} to {}", schoolId, apiTypeId, previous, state);
        ObjectNode response = MAPPER.createObjectNode().put("success", true).put("message", "Integration successfully "
                + verb);
        response.set("data", ClientsListHandler.entry(schoolId, (int) apiTypeId, state));
        return sendJson(exchange, 200, response);
    }

    /** Returns the id, or -1 after adding the field's validation error. */
    private static long positiveId(JsonNode node, String field, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            errors.put(field, "The " + field + " field is required.");
            return -1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() <= 0) {
            errors.put(field, "The " + field + " field must be a positive integer.");
            return -1;
        }
        return node.longValue();
    }

    /** Returns 1 or 0 for true or false (also given as 1 or 0), or null after adding the validation error. */
    private static Integer stateOf(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            errors.put("state", "The state field is required.");
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? 1 : 0;
        }
        if (node.isIntegralNumber() && node.canConvertToInt() && (node.intValue() == 0 || node.intValue() == 1)) {
            return node.intValue();
        }
        errors.put("state", "The state field must be true or false.");
        return null;
    }
}
