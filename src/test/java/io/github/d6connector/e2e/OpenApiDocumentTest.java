package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * The OpenAPI document at /api/v1/openapi.json: every operation with its real status codes, and the outcome
 * record's documented fields compared with a real response.
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;
    private static JsonNode document;

    @BeforeAll
    static void fetchDocument() throws Exception {
        d6 = D6Stub.start();
        d6.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[]")));
        connector = TestConnector.start(d6.baseUrl(), workFolder);
        HttpResponse<String> response = connector.rest("GET", "/api/v1/openapi.json", null, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        document = JSON.readTree(response.body());
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    private static Set<String> statusCodes(String path, String method) {
        JsonNode operation = document.path("paths").path(path).path(method);
        assertThat(operation.isMissingNode()).as(method + " " + path).isFalse();
        Set<String> codes = new TreeSet<>();
        operation.path("responses").fieldNames().forEachRemaining(codes::add);
        return codes;
    }

    private static Set<String> schemaProperties(String schema) {
        JsonNode properties = document.path("components").path("schemas").path(schema).path("properties");
        assertThat(properties.isMissingNode()).as("schema " + schema).isFalse();
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void patchDocumentsEveryStatus() {
        assertThat(statusCodes("/api/v1/clients/{schoolLoginId}/integration-state", "patch"))
                .containsExactly("200", "400", "401", "403", "415", "422", "502");
    }

    @Test
    void batchOperationsDocumentEveryStatus() {
        assertThat(statusCodes("/api/v1/batches", "post")).containsExactly("202", "400", "401", "415");
        assertThat(statusCodes("/api/v1/batches/{batchId}", "get")).containsExactly("200", "401", "404");
    }

    @Test
    void historyDocumentsParametersAndStatus() {
        assertThat(statusCodes("/api/v1/outcomes", "get")).containsExactly("200", "400", "401", "403");
        List<String> parameters = new ArrayList<>();
        document.path("paths").path("/api/v1/outcomes").path("get").path("parameters")
                .forEach(parameter -> parameters.add(parameter.get("name").asText()));
        assertThat(parameters).containsExactlyInAnyOrder("school_login_id", "since", "outcome", "limit", "cursor");
    }

    @Test
    void outcomeFieldsMatchRealAnswer() throws Exception {
        HttpResponse<String> response = connector.patchIntegrationState("1000", "{\"api_type_id\":8,\"state\":1}");
        Set<String> realFields = new TreeSet<>();
        JSON.readTree(response.body()).fieldNames().forEachRemaining(realFields::add);

        Set<String> documented = schemaProperties("OutcomeRecord");

        // attributes appears only for CSV rows with extra columns, so a REST response never has it.
        assertThat(documented).containsAll(realFields);
        assertThat(documented).containsExactlyInAnyOrderElementsOf(union(realFields, Set.of("attributes")));
    }

    @Test
    void requestAndErrorBodiesAreDocumented() {
        assertThat(schemaProperties("IntegrationStateBody")).containsExactlyInAnyOrder("api_type_id", "state",
                "request_id");
        assertThat(schemaProperties("RestError")).containsExactlyInAnyOrder("error", "message", "request_id");
        assertThat(schemaProperties("JournalPage")).containsExactlyInAnyOrder("outcomes", "next_cursor");
        assertThat(schemaProperties("JournalEntry")).containsExactlyInAnyOrder("recorded_at", "input",
                "requested_by", "record");
    }

    @Test
    void documented415IsJson() throws Exception {
        HttpResponse<String> response = connector.rest("PATCH", "/api/v1/clients/1000/integration-state",
                "api_type_id=8", Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "text/plain"));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void apiKeyIsDocumented() {
        JsonNode scheme = document.path("components").path("securitySchemes").path("api-key");
        assertThat(scheme.path("type").asText()).isEqualTo("apiKey");
        assertThat(scheme.path("name").asText()).isEqualTo("X-API-Key");
        assertThat(scheme.path("in").asText()).isEqualTo("header");
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> union = new TreeSet<>(first);
        union.addAll(second);
        return union;
    }
}
