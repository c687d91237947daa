package io.github.d6connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class D6SandboxTest {

    private static final String USERNAME = "demo-user";
    private static final String PASSWORD = "demo-password-123";
    private static final String SCHOOLS = "1000=8,9;2000=8";

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

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(5));
    }

    private HttpResponse<String> patch(String path, String body, String username, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (username != null) {
            builder.header("HTTP-X-USERNAME", username);
        }
        if (password != null) {
            builder.header("HTTP-X-PASSWORD", password);
        }
        return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> patch(String path, String body) throws IOException, InterruptedException {
        return patch(path, body, USERNAME, PASSWORD);
    }

    private static void assertError(HttpResponse<String> response, int status, String error, String description)
            throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");

        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).isEqualTo(description);
    }

    @Test
    void patchRepeatedReturns200Then204() throws Exception {
        String body = "{\"api_type_id\": 8, \"state\": 1}";

        HttpResponse<String> first = patch("/api/v1/settings/clients/1000", body);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(first.body()).isEqualTo("[]");
        assertThat(sandbox.state(1000, 8)).isEqualTo(1);

        HttpResponse<String> second = patch("/api/v1/settings/clients/1000", body);
        assertThat(second.statusCode()).isEqualTo(204);
        assertThat(second.body()).isEmpty();
        assertThat(sandbox.state(1000, 8)).isEqualTo(1);
    }

    @Test
    void patchStateZeroInitiallyReturns204() throws Exception {
        HttpResponse<String> response = patch("/api/v1/settings/clients/2000", "{\"api_type_id\": 8, \"state\": 0}");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(sandbox.state(2000, 8)).isZero();
    }

    @Test
    void patchChangesOnlyTargetIntegration() throws Exception {
        HttpResponse<String> response = patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 9, \"state\": 1}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sandbox.state(1000, 9)).isEqualTo(1);
        assertThat(sandbox.state(1000, 8)).isZero();
        assertThat(sandbox.state(2000, 8)).isZero();
    }

    @Test
    void patchBackToZeroReturns200() throws Exception {
        patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 1}");

        HttpResponse<String> response = patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 0}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sandbox.state(1000, 8)).isZero();
    }

    @Test
    void concurrentPatchesChangeStateOnce() {
        HttpRequest request = request("/api/v1/settings/clients/1000")
                .header("HTTP-X-USERNAME", USERNAME)
                .header("HTTP-X-PASSWORD", PASSWORD)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"api_type_id\": 8, \"state\": 1}"))
                .build();

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = responses.stream().map(response -> response.join().statusCode()).toList();

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 204).hasSize(19);
        assertThat(sandbox.state(1000, 8)).isEqualTo(1);
    }

    @Test
    void missingCredentialsReturns401() throws Exception {
        HttpResponse<String> response =
                patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 1}", null, null);

        assertError(response, 401, "Unauthorized", "Invalid or missing HTTP-X-USERNAME / HTTP-X-PASSWORD");
        assertThat(sandbox.state(1000, 8)).isZero();
    }

    @Test
    void missingPasswordReturns401() throws Exception {
        HttpResponse<String> response =
                patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 1}", USERNAME, null);

        assertError(response, 401, "Unauthorized", "Invalid or missing HTTP-X-USERNAME / HTTP-X-PASSWORD");
    }

    @Test
    void wrongPasswordReturns401() throws Exception {
        HttpResponse<String> response =
                patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 1}", USERNAME, "not-it");

        assertError(response, 401, "Unauthorized", "Invalid or missing HTTP-X-USERNAME / HTTP-X-PASSWORD");
        assertThat(sandbox.state(1000, 8)).isZero();
    }

    @Test
    void passwordPrefixReturns401() throws Exception {
        String prefix = PASSWORD.substring(0, PASSWORD.length() - 1);

        HttpResponse<String> response =
                patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 1}", USERNAME, prefix);

        assertError(response, 401, "Unauthorized", "Invalid or missing HTTP-X-USERNAME / HTTP-X-PASSWORD");
    }

    @Test
    void wrongUsernameReturns401() throws Exception {
        HttpResponse<String> response =
                patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 1}", "other-user", PASSWORD);

        assertError(response, 401, "Unauthorized", "Invalid or missing HTTP-X-USERNAME / HTTP-X-PASSWORD");
    }

    @Test
    void unknownSchoolReturns404() throws Exception {
        HttpResponse<String> response = patch("/api/v1/settings/clients/3000", "{\"api_type_id\": 8, \"state\": 1}");

        assertError(response, 404, "Not found", "No client-authorised integrations found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1000", "+1000", "1000x", "1.5", "99999999999999999999"})
    void invalidSchoolIdReturns404(String schoolLoginId) throws Exception {
        HttpResponse<String> response =
                patch("/api/v1/settings/clients/" + schoolLoginId, "{\"api_type_id\": 8, \"state\": 1}");

        assertError(response, 404, "Not found", "No client-authorised integrations found");
    }

    @Test
    void unauthorisedApiTypeReturns401() throws Exception {
        HttpResponse<String> response = patch("/api/v1/settings/clients/2000", "{\"api_type_id\": 9, \"state\": 1}");

        assertError(response, 401, "Unauthorized", "Client access not authorised for this API type");
    }

    @Test
    void stateTwoReturns400() throws Exception {
        HttpResponse<String> response = patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 2}");

        assertError(response, 400, "Bad Request", "Invalid integration state provided");
        assertThat(sandbox.state(1000, 8)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1.0", "true", "null", "-1", "4294967297"})
    void nonBinaryStateReturns400(String state) throws Exception {
        HttpResponse<String> response =
                patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": " + state + "}");

        assertError(response, 400, "Bad Request", "Invalid integration state provided");
    }

    @Test
    void missingStateReturns400() throws Exception {
        HttpResponse<String> response = patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8}");

        assertError(response, 400, "Bad Request", "Invalid integration state provided");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"state\": 1}", "{\"api_type_id\": \"8\", \"state\": 1}",
            "{\"api_type_id\": 8.5, \"state\": 1}", "{\"api_type_id\": 0, \"state\": 1}"})
    void invalidApiTypeIdReturns400(String body) throws Exception {
        HttpResponse<String> response = patch("/api/v1/settings/clients/1000", body);

        assertError(response, 400, "Bad Request", "Invalid api_type_id provided");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_type_id=8&state=1", "", "[8, 1]", "null", "{\"api_type_id\": 8, \"state\": 1} {}",
            "{\"api_type_id\": 8, \"state\": 0, \"state\": 1}"})
    void nonObjectBodyReturns400(String body) throws Exception {
        HttpResponse<String> response = patch("/api/v1/settings/clients/1000", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(MAPPER.readTree(response.body()).path("error").asText()).isEqualTo("Bad Request");
        assertThat(sandbox.state(1000, 8)).isZero();
    }

    @Test
    void oversizedBodyReturns413() throws Exception {
        String padding = " ".repeat(ClientStateHandler.MAX_BODY_BYTES);
        String body = "{\"api_type_id\": 8, \"state\": 1}" + padding;

        HttpResponse<String> response = patch("/api/v1/settings/clients/1000", body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(MAPPER.readTree(response.body()).path("error").asText()).isEqualTo("Payload Too Large");
        assertThat(sandbox.state(1000, 8)).isZero();
    }

    @Test
    void deleteReturns405() throws Exception {
        HttpRequest request = request("/api/v1/settings/clients/1000")
                .header("HTTP-X-USERNAME", USERNAME)
                .header("HTTP-X-PASSWORD", PASSWORD)
                .DELETE()
                .build();

        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, PATCH");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(MAPPER.readTree(response.body()).path("error").asText()).isEqualTo("Method Not Allowed");
    }

    @Test
    void patchOnClientsListReturns405() throws Exception {
        HttpResponse<String> response = patch("/api/v1/settings/clients", "{\"api_type_id\": 8, \"state\": 1}");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(MAPPER.readTree(response.body()).path("error").asText()).isEqualTo("Method Not Allowed");
    }

    @Test
    void headReturns405WithoutBody() throws Exception {
        HttpRequest request = request("/api/v1/settings/clients/1000")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();

        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, PATCH");
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/settings/clientsx", "/api/v1/settings/clients/1000/extra", "/api/v2/x"})
    void unknownPathReturns404(String path) throws Exception {
        HttpResponse<String> response = patch(path, "{\"api_type_id\": 8, \"state\": 1}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(MAPPER.readTree(response.body()).path("error").asText()).isEqualTo("Not found");
    }

    @Test
    void sandboxBindsLoopbackPort() {
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
    }

    @Test
    void sandboxStartTwiceRejected() {
        assertThatThrownBy(sandbox::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sandboxKeepsStateAcrossRestart() throws Exception {
        patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 1}");

        sandbox.stop();
        assertThatThrownBy(sandbox::port).isInstanceOf(IllegalStateException.class);
        sandbox.start();

        assertThat(sandbox.state(1000, 8)).isEqualTo(1);
        HttpResponse<String> response = patch("/api/v1/settings/clients/1000", "{\"api_type_id\": 8, \"state\": 1}");
        assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void stateOfUndefinedIntegrationRejected() {
        assertThatThrownBy(() -> sandbox.state(2000, 9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2000")
                .hasMessageContaining("9");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536})
    void constructorInvalidPortRejected(int port) {
        assertThatThrownBy(() -> new D6Sandbox(port, USERNAME, PASSWORD, SCHOOLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(port));
    }

    @Test
    void constructorBlankPasswordRejected() {
        assertThatThrownBy(() -> new D6Sandbox(0, USERNAME, " ", SCHOOLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password");
    }

    @Test
    void definitionParsesValidInput() {
        SandboxSchools schools = SandboxSchools.parse(" 1000 = 8 , 9 ; 2000=8 ");

        assertThat(schools.authorisedApiTypes()).isEqualTo(Map.of(1000L, Set.of(8, 9), 2000L, Set.of(8)));
        assertThat(schools.containsSchool(1000)).isTrue();
        assertThat(schools.containsSchool(3000)).isFalse();
        assertThat(schools.isAuthorised(1000, 9)).isTrue();
        assertThat(schools.isAuthorised(2000, 9)).isFalse();
    }

    @Test
    void definitionParsesSingleSchool() {
        SandboxSchools schools = SandboxSchools.parse("1000=8");

        assertThat(schools.authorisedApiTypes()).isEqualTo(Map.of(1000L, Set.of(8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000", "1000=", "=8", "1000=8=9", "abc=8", "1000=x", "1000=8,,9", "0=8", "1000=0",
            "-1000=8", "1000=8,8", "1000=99999999999", "1000=8;2000=9;1000=7", "1000=8 9"})
    void definitionMalformedItemRejected(String item) {
        String definition = "2500=8;" + item;

        assertThatThrownBy(() -> SandboxSchools.parse(definition))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(quotedLastItem(item))
                .hasMessageContaining("1000=8,9;2000=8");
    }

    private static String quotedLastItem(String item) {
        String[] items = item.split(";");
        return "'" + items[items.length - 1].strip() + "'";
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "1000=8;", "1000=8;;2000=8"})
    void definitionEmptyItemRejected(String definition) {
        assertThatThrownBy(() -> SandboxSchools.parse(definition))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty")
                .hasMessageContaining("1000=8,9;2000=8");
    }

    @Test
    void constructorMalformedDefinitionRejected() {
        assertThatThrownBy(() -> new D6Sandbox(0, USERNAME, PASSWORD, "1000:8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1000:8'");
    }
}
