package io.github.d6connector.sandbox;

import static io.github.d6connector.sandbox.SandboxHttp.parseJson;
import static io.github.d6connector.sandbox.SandboxHttp.sendError;
import static io.github.d6connector.sandbox.SandboxHttp.sendJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code PATCH /api/v1/settings/clients/{school_login_id}} with the status codes and error bodies that d6
 * documents for its v1 "Change Client Integration State" endpoint. The router has checked the method and the
 * credentials.
 */
final class ClientStateHandler {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ClientStateHandler.class);

    // 18 digits always fit in a long, and longer ids cannot name a defined school.
    private static final Pattern SCHOOL_LOGIN_ID = Pattern.compile("[0-9]{1,18}");
    private static final byte[] EMPTY_JSON_ARRAY = "[]".getBytes(StandardCharsets.UTF_8);

    private final SandboxSchools schools;
    private final IntegrationStates states;

    ClientStateHandler(SandboxSchools schools, IntegrationStates states) {
        this.schools = schools;
        this.states = states;
    }

    /** Returns the school login id, or -1 if the path segment is not a decimal integer. */
    static long parseSchoolLoginId(String pathSegment) {
        if (!SCHOOL_LOGIN_ID.matcher(pathSegment).matches()) {
            return -1;
        }
        return Long.parseLong(pathSegment);
    }

    int changeState(HttpExchange exchange, String schoolSegment) throws IOException {
        long schoolLoginId = parseSchoolLoginId(schoolSegment);
        if (schoolLoginId <= 0 || !schools.containsSchool(schoolLoginId)) {
            return sendError(exchange, 404, "Not found", "No client-authorised integrations found");
        }

        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return sendError(exchange, 413, "Payload Too Large",
                    "Request body exceeds " + MAX_BODY_BYTES + " bytes. Send only api_type_id and state.");
        }

        JsonNode request = parseJson(body);
        if (request == null || !request.isObject()) {
            return sendError(exchange, 400, "Bad Request",
                    "Request body is not a JSON object. Send {\"api_type_id\": <integer>, \"state\": 0 or 1}.");
        }

        JsonNode apiTypeNode = request.get("api_type_id");
        if (apiTypeNode == null || !apiTypeNode.isIntegralNumber() || !apiTypeNode.canConvertToInt()
                || apiTypeNode.intValue() <= 0) {
            return sendError(exchange, 400, "Bad Request", "Invalid api_type_id provided");
        }

        JsonNode stateNode = request.get("state");
        if (stateNode == null || !stateNode.isIntegralNumber() || !stateNode.canConvertToInt()
                || (stateNode.intValue() != 0 && stateNode.intValue() != 1)) {
            return sendError(exchange, 400, "Bad Request", "Invalid integration state provided");
        }

        int apiTypeId = apiTypeNode.intValue();
        int state = stateNode.intValue();
        if (!schools.isAuthorised(schoolLoginId, apiTypeId)) {
            return sendError(exchange, 401, "Unauthorized", "Client access not authorised for this API type");
        }

        int previous = states.set(schoolLoginId, apiTypeId, state);
        if (previous == state) {
            exchange.sendResponseHeaders(204, -1);
            return 204;
        }
        LOG.info("School {} API type {} changed state from {} to {}", schoolLoginId, apiTypeId, previous, state);
        return sendJson(exchange, 200, EMPTY_JSON_ARRAY);
    }
}
