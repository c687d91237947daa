package io.github.d6connector.sandbox;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handler for every request to the sandbox. It serves {@code PATCH /api/v1/settings/clients/{school_login_id}} with
 * the status codes and error bodies that d6 documents for its v1 "Change Client Integration State" endpoint, and
 * returns 404 for any other path.
 */
final class ClientStateHandler implements HttpHandler {

    static final String CLIENTS_PATH = "/api/v1/settings/clients/";
    static final String USERNAME_HEADER = "HTTP-X-USERNAME";
    static final String PASSWORD_HEADER = "HTTP-X-PASSWORD";
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ClientStateHandler.class);

    // 18 digits always fit in a long, and longer ids cannot name a defined school.
    private static final Pattern SCHOOL_LOGIN_ID = Pattern.compile("[0-9]{1,18}");
    private static final byte[] EMPTY_JSON_ARRAY = "[]".getBytes(StandardCharsets.UTF_8);

    private final byte[] username;
    private final byte[] password;
    private final SandboxSchools schools;
    private final IntegrationStates states;
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    ClientStateHandler(String username, String password, SandboxSchools schools, IntegrationStates states) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.schools = schools;
        this.states = states;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        try {
            int status = respond(exchange, method, path);
            LOG.info("{} {} -> {}", method, path, status);
        } catch (IOException e) {
            LOG.warn("{} {} failed while reading the request or sending the response: {}", method, path, e.toString());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed with an unexpected error", method, path, e);
            sendInternalError(exchange, method, path);
        } finally {
            exchange.close();
        }
    }

    private int respond(HttpExchange exchange, String method, String path) throws IOException {
        if (!path.startsWith(CLIENTS_PATH) || path.indexOf('/', CLIENTS_PATH.length()) >= 0) {
            return sendError(exchange, 404, "Not found",
                    "No endpoint at " + path + ". The sandbox serves PATCH " + CLIENTS_PATH + "{school_login_id}.");
        }

        if (!"PATCH".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "PATCH");
            return sendError(exchange, 405, "Method Not Allowed",
                    "Method " + method + " is not supported on " + path + ". Use PATCH.");
        }

        if (!hasValidCredentials(exchange.getRequestHeaders())) {
            return sendError(exchange, 401, "Unauthorized",
                    "Invalid or missing " + USERNAME_HEADER + " / " + PASSWORD_HEADER);
        }

        long schoolLoginId = parseSchoolLoginId(path.substring(CLIENTS_PATH.length()));
        if (schoolLoginId <= 0 || !schools.containsSchool(schoolLoginId)) {
            return sendError(exchange, 404, "Not found", "No client-authorised integrations found");
        }

        return changeState(exchange, schoolLoginId);
    }

    private boolean hasValidCredentials(Headers headers) {
        String suppliedUsername = headers.getFirst(USERNAME_HEADER);
        String suppliedPassword = headers.getFirst(PASSWORD_HEADER);
        if (suppliedUsername == null || suppliedPassword == null) {
            return false;
        }

        // OpenJDK's server (sun.net.httpserver.Request) turns each header byte into one char, so ISO-8859-1 recovers
        // the bytes sent. OpenJDK's MessageDigest.isEqual loops over its first argument only, so passing the
        // supplied value first makes the comparison time independent of the configured value.
        boolean usernameMatches =
                MessageDigest.isEqual(suppliedUsername.getBytes(StandardCharsets.ISO_8859_1), username);
        boolean passwordMatches =
                MessageDigest.isEqual(suppliedPassword.getBytes(StandardCharsets.ISO_8859_1), password);
        return usernameMatches && passwordMatches;
    }

    /** Returns the school login id, or -1 if the path segment is not a decimal integer. */
    private static long parseSchoolLoginId(String pathSegment) {
        if (!SCHOOL_LOGIN_ID.matcher(pathSegment).matches()) {
            return -1;
        }
        return Long.parseLong(pathSegment);
    }

    private int changeState(HttpExchange exchange, long schoolLoginId) throws IOException {
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

    /** Returns the parsed body, or null if it is not valid JSON. An empty body parses to a missing node. */
    private JsonNode parseJson(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("Reading JSON from an in-memory byte array failed", e);
        }
    }

    private int sendError(HttpExchange exchange, int status, String error, String description) throws IOException {
        ObjectNode body = mapper.createObjectNode()
                .put("error", error)
                .put("error_description", description);
        return sendJson(exchange, status, mapper.writeValueAsBytes(body));
    }

    private int sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
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

    private void sendInternalError(HttpExchange exchange, String method, String path) {
        try {
            int status = sendError(exchange, 500, "Internal Server Error",
                    "The sandbox failed to handle the request. See the sandbox log for the stack trace.");
            LOG.info("{} {} -> {}", method, path, status);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} {} failed while sending a 500 response, for example because the headers were already sent: {}",
                    method, path, e.toString());
        }
    }
}
