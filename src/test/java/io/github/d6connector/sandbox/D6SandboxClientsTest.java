package io.github.d6connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sandbox's Get Clients and v2 state change endpoints. */
class D6SandboxClientsTest {

    private static final String USERNAME = "demo-user";
    private static final String PASSWORD = "demo-password-123";
    private static final String SCHOOLS = "1000=8,9;2000=8;3000=12";
    private static final String V2_PATH = "/api/v2/settings/clientintegrations";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private D6Sandbox sandbox;

    @BeforeEach
    void startSandbox() throws IOException {
        sandbox = new D6Sandbox(0, USERNAME, PASSWORD, SCHOOLS);
        sandbox.start();
    }

    @AfterEach
    void stopSandbox() {
        sandbox.stop();
    }

    private HttpResponse<String> send(String method, String path, String body, String username, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (username != null) {
            builder.header("HTTP-X-USERNAME", username);
        }
        if (password != null) {
            builder.header("HTTP-X-PASSWORD", password);
        }
        return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, USERNAME, PASSWORD);
    }

    private HttpResponse<String> v2(String body) throws IOException, InterruptedException {
        return send("PATCH", V2_PATH, body, USERNAME, PASSWORD);
    }

    @Test
    void listReturnsEveryIntegration() throws Exception {
        HttpResponse<String> response = get("/api/v1/settings/clients");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode clients = MAPPER.readTree(response.body());
        assertThat(clients).hasSize(4);
        assertThat(clients.get(0)).isEqualTo(MAPPER.readTree("""
                {"school_login_id": "1000", "school_name": "Sandbox School 1000",
                 "admin_email_address": "admin@school1000.example", "telephone_calling_code": "+27",
                 "telephone_number": "0100001000", "api_type_id": 8, "api_type": "Admin+ API",
                 "activated_by_integrator": "No"}
                """));
        assertThat(clients.get(1).get("api_type").asText()).isEqualTo("Curriculum+ API");
        assertThat(clients.get(2).get("school_login_id").asText()).isEqualTo("2000");
        assertThat(clients.get(3).get("api_type").asText()).isEqualTo("API type 12");
    }

    @Test
    void listShowsChangedState() throws Exception {
        send("PATCH", "/api/v1/settings/clients/1000", "{\"api_type_id\": 9, \"state\": 1}", USERNAME, PASSWORD);

        JsonNode clients = MAPPER.readTree(get("/api/v1/settings/clients").body());

        assertThat(clients.get(0).get("activated_by_integrator").asText()).isEqualTo("No");
        assertThat(clients.get(1).get("activated_by_integrator").asText()).isEqualTo("Yes");
    }

    @Test
    void oneSchoolReturnsItsIntegrations() throws Exception {
        HttpResponse<String> response = get("/api/v1/settings/clients/1000");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode clients = MAPPER.readTree(response.body());
        assertThat(clients).hasSize(2);
        assertThat(clients.get(0).get("school_name").asText()).isEqualTo("Sandbox School 1000");
        assertThat(clients.get(1).get("api_type_id").asInt()).isEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4000", "abc", "0", "99999999999999999999"})
    void unknownSchoolReturns404(String schoolLoginId) throws Exception {
        HttpResponse<String> response = get("/api/v1/settings/clients/" + schoolLoginId);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("Not found");
        assertThat(body.get("error_description").asText()).isEqualTo("No client-authorised integrations found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/settings/clients", "/api/v1/settings/clients/1000"})
    void getWithWrongPasswordReturns401(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null, USERNAME, "not-it");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(MAPPER.readTree(response.body()).get("error_description").asText())
                .isEqualTo("Invalid or missing HTTP-X-USERNAME / HTTP-X-PASSWORD");
    }

    @Test
    void v2ActivateReturns200WithRecord() throws Exception {
        HttpResponse<String> response = v2("{\"school_id\": 1000, \"api_type_id\": 8, \"state\": true}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("message").asText()).isEqualTo("Integration successfully activated");
        assertThat(body.get("data").get("school_login_id").asText()).isEqualTo("1000");
        assertThat(body.get("data").get("activated_by_integrator").asText()).isEqualTo("Yes");
        assertThat(sandbox.state(1000, 8)).isEqualTo(1);
    }

    @Test
    void v2RepeatedActivateReturns400Already() throws Exception {
        v2("{\"school_id\": 1000, \"api_type_id\": 8, \"state\": true}");

        HttpResponse<String> response = v2("{\"school_id\": 1000, \"api_type_id\": 8, \"state\": true}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("message").asText()).isEqualTo("Integration already activated");
    }

    @Test
    void v2DeactivateThenAgain() throws Exception {
        HttpResponse<String> already = v2("{\"school_id\": 2000, \"api_type_id\": 8, \"state\": 0}");
        v2("{\"school_id\": 2000, \"api_type_id\": 8, \"state\": 1}");
        HttpResponse<String> deactivated = send("POST", V2_PATH,
                "{\"school_id\": 2000, \"api_type_id\": 8, \"state\": false}", USERNAME, PASSWORD);

        assertThat(already.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(already.body()).get("message").asText()).isEqualTo("Integration already deactivated");
        assertThat(deactivated.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(deactivated.body()).get("message").asText())
                .isEqualTo("Integration successfully deactivated");
        assertThat(sandbox.state(2000, 8)).isZero();
    }

    @Test
    void v2ValidationErrorsKeyedByField() throws Exception {
        HttpResponse<String> response = v2("{\"api_type_id\": \"8\", \"state\": \"yes\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("message").asText()).isEqualTo("Validation failed");
        JsonNode errors = body.get("validation_errors");
        assertThat(errors.get("school_id").get(0).asText()).isEqualTo("The school_id field is required.");
        assertThat(errors.get("api_type_id").get(0).asText()).isEqualTo("The api_type_id field must be a positive integer.");
        assertThat(errors.get("state").get(0).asText()).isEqualTo("The state field must be true or false.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"school_id\": 4000, \"api_type_id\": 8, \"state\": true}",
            "{\"school_id\": 2000, \"api_type_id\": 9, \"state\": true}"})
    void v2UnauthorisedReturns401(String body) throws Exception {
        HttpResponse<String> response = v2(body);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(MAPPER.readTree(response.body()).get("message").asText())
                .isEqualTo("Client has not authorised access");
    }

    @Test
    void v2WrongCredentialsReturns401() throws Exception {
        HttpResponse<String> response = send("PATCH", V2_PATH,
                "{\"school_id\": 1000, \"api_type_id\": 8, \"state\": true}", "other-user", PASSWORD);

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("message").asText()).isEqualTo("Invalid or missing HTTP-X-USERNAME / HTTP-X-PASSWORD");
        assertThat(sandbox.state(1000, 8)).isZero();
    }

    @Test
    void v2GetReturns405() throws Exception {
        HttpResponse<String> response = get(V2_PATH);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("PATCH, POST");
    }

    @Test
    void v2NonObjectBodyReturns400() throws Exception {
        HttpResponse<String> response = v2("[1000, 8, true]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).get("success").asBoolean()).isFalse();
    }
}
