package io.github.d6connector.sandbox;

import static io.github.d6connector.sandbox.SandboxHttp.sendError;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handler for every request to the sandbox. It checks the path, the method and the credentials, in that order,
 * and passes the request to the endpoint:
 *
 * <ul>
 *   <li>{@code GET /api/v1/settings/clients}: every client ({@link ClientsListHandler})</li>
 *   <li>{@code GET /api/v1/settings/clients/{school_login_id}}: one school ({@link ClientsListHandler})</li>
 *   <li>{@code PATCH /api/v1/settings/clients/{school_login_id}}: v1 state change ({@link ClientStateHandler})</li>
 *   <li>{@code PATCH} or {@code POST /api/v2/settings/clientintegrations}: v2 state change
 *       ({@link ClientIntegrationsV2Handler}), which responds with the v2 body shape</li>
 * </ul>
 *
 * <p>Any other path gets 404 and another method 405 with an {@code Allow} header.
 */
final class SandboxRouter implements HttpHandler {

    static final String CLIENTS_PATH = "/api/v1/settings/clients";
    static final String CLIENT_INTEGRATIONS_V2_PATH = "/api/v2/settings/clientintegrations";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxRouter.class);

    private final SandboxCredentials credentials;
    private final ClientsListHandler clientsList;
    private final ClientStateHandler clientState;
    private final ClientIntegrationsV2Handler clientIntegrationsV2;

    SandboxRouter(SandboxCredentials credentials, SandboxSchools schools, IntegrationStates states) {
        this.credentials = credentials;
        this.clientsList = new ClientsListHandler(schools, states);
        this.clientState = new ClientStateHandler(schools, states);
        this.clientIntegrationsV2 = new ClientIntegrationsV2Handler(schools, states);
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
        if (path.equals(CLIENTS_PATH)) {
            if (!"GET".equals(method)) {
                return methodNotAllowed(exchange, method, path, "GET");
            }
            if (!credentials.matches(exchange.getRequestHeaders())) {
                return invalidCredentials(exchange);
            }
            return clientsList.listAll(exchange);
        }

        if (path.startsWith(CLIENTS_PATH + "/") && path.indexOf('/', CLIENTS_PATH.length() + 1) < 0) {
            String schoolSegment = path.substring(CLIENTS_PATH.length() + 1);
            if (!"GET".equals(method) && !"PATCH".equals(method)) {
                return methodNotAllowed(exchange, method, path, "GET, PATCH");
            }
            if (!credentials.matches(exchange.getRequestHeaders())) {
                return invalidCredentials(exchange);
            }
            return "GET".equals(method) ? clientsList.listSchool(exchange, schoolSegment)
                    : clientState.changeState(exchange, schoolSegment);
        }

        if (path.equals(CLIENT_INTEGRATIONS_V2_PATH)) {
            if (!"PATCH".equals(method) && !"POST".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "PATCH, POST");
                return ClientIntegrationsV2Handler.sendMessage(exchange, 405, false,
                        "Method " + method + " is not supported on " + path + ". Use PATCH or POST.");
            }
            if (!credentials.matches(exchange.getRequestHeaders())) {
                return ClientIntegrationsV2Handler.sendMessage(exchange, 401, false, invalidCredentialsText());
            }
            return clientIntegrationsV2.changeState(exchange);
        }

        return sendError(exchange, 404, "Not found", "No endpoint at " + path + ". The sandbox serves GET "
                + CLIENTS_PATH + ", GET and PATCH " + CLIENTS_PATH + "/{school_login_id}, and PATCH or POST "
                + CLIENT_INTEGRATIONS_V2_PATH + ".");
    }

    private static int methodNotAllowed(HttpExchange exchange, String method, String path, String allowed)
            throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        return sendError(exchange, 405, "Method Not Allowed",
                "Method " + method + " is not supported on " + path + ". Use " + allowed.replace(", ", " or ") + ".");
    }

    private static int invalidCredentials(HttpExchange exchange) throws IOException {
        return sendError(exchange, 401, "Unauthorized", invalidCredentialsText());
    }

    private static String invalidCredentialsText() {
        return "Invalid or missing " + SandboxCredentials.USERNAME_HEADER + " / " + SandboxCredentials.PASSWORD_HEADER;
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
