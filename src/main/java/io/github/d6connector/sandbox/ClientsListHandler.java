package io.github.d6connector.sandbox;

import static io.github.d6connector.sandbox.SandboxHttp.MAPPER;
import static io.github.d6connector.sandbox.SandboxHttp.sendError;
import static io.github.d6connector.sandbox.SandboxHttp.sendJson;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Serves d6's v1 Get Clients, {@code GET /api/v1/settings/clients} and
 * {@code GET /api/v1/settings/clients/{school_login_id}}: one entry per school and authorised API type, with
 * the current integration state. The router has checked the method and the credentials.
 */
final class ClientsListHandler {

    private final SandboxSchools schools;
    private final IntegrationStates states;

    ClientsListHandler(SandboxSchools schools, IntegrationStates states) {
        this.schools = schools;
        this.states = states;
    }

    int listAll(HttpExchange exchange) throws IOException {
        ArrayNode body = MAPPER.createArrayNode();
        for (Map.Entry<Long, Set<Integer>> school : schools.authorisedApiTypes().entrySet()) {
            for (int apiTypeId : school.getValue()) {
                body.add(entry(school.getKey(), apiTypeId, states.get(school.getKey(), apiTypeId)));
            }
        }
        return sendJson(exchange, 200, body);
    }

    int listSchool(HttpExchange exchange, String schoolSegment) throws IOException {
        long schoolLoginId = ClientStateHandler.parseSchoolLoginId(schoolSegment);
        if (schoolLoginId <= 0 || !schools.containsSchool(schoolLoginId)) {
            return sendError(exchange, 404, "Not found", "No client-authorised integrations found");
        }

        ArrayNode body = MAPPER.createArrayNode();
        for (int apiTypeId : schools.authorisedApiTypes().get(schoolLoginId)) {
            body.add(entry(schoolLoginId, apiTypeId, states.get(schoolLoginId, apiTypeId)));
        }
        return sendJson(exchange, 200, body);
    }

    /**
     * Builds one Get Clients entry with the fields d6 documents. Names, e-mail addresses and telephone numbers are
     * made up from the school id.
     */
    static ObjectNode entry(long schoolLoginId, int apiTypeId, int state) {
        return MAPPER.createObjectNode()
                .put("school_login_id", Long.toString(schoolLoginId))
                .put("school_name", SandboxSchools.schoolName(schoolLoginId))
                .put("admin_email_address", "admin@school" + schoolLoginId + ".example")
                .put("telephone_calling_code", "+27")
                .put("telephone_number", String.format("010%07d", schoolLoginId % 10_000_000))
                .put("api_type_id", apiTypeId)
                .put("api_type", SandboxSchools.apiTypeName(apiTypeId))
                .put("activated_by_integrator", state == 1 ? "Yes" : "No");
    }
}
