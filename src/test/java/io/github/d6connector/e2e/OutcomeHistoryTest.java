package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
 * The outcome journal across a restart and GET /api/v1/outcomes: filters, order, paging and invalid values.
 */
class OutcomeHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;
    private static Instant afterFirstRequests;

    /**
     * Records six outcomes before a restart (REST 1000, 1001, 2000 rejected by d6, a file for 1000, a JMS
     * request for 1001, an invalid REST request for 1000), then one more after it.
     */
    @BeforeAll
    static void recordOutcomesAcrossRestart() throws Exception {
        d6 = D6Stub.start();
        d6.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[]")));
        d6.stubFor(patch(urlEqualTo("/api/v1/settings/clients/2000")).willReturn(aResponse().withStatus(404)
                .withBody("{\"error\":\"Not found\",\"error_description\":\"No client-authorised integrations found\"}")));

        connector = TestConnector.start(d6.baseUrl(), workFolder);
        patchState("1000", "h-1");
        patchState("1001", "h-2");
        patchState("2000", "h-3");
        afterFirstRequests = Instant.now();
        Files.createDirectories(connector.inbox());
        Files.writeString(connector.inbox().resolve("history.json"),
                "{\"school_login_id\": 1000, \"api_type_id\": 8, \"state\": 0}");
        connector.awaitResultFile(Duration.ofSeconds(20));
        connector.sendText("d6.client-state.requests", "{\"school_login_id\": 1001, \"api_type_id\": 8, \"state\": 1,"
                + " \"request_id\": \"h-jms\"}");
        assertThat(connector.receiveTexts("d6.client-state.outcomes", 5, Duration.ofSeconds(3))).isNotEmpty();
        patchState("1000", "h-4", "{\"api_type_id\":8,\"state\":2}");
        connector.close();

        connector = TestConnector.start(d6.baseUrl(), workFolder);
        patchState("1001", "h-5");
    }

    @AfterAll
    static void stop() {
        connector.close();
        d6.stop();
    }

    private static void patchState(String school, String requestId) throws Exception {
        patchState(school, requestId, "{\"api_type_id\":8,\"state\":1}");
    }

    private static void patchState(String school, String requestId, String body) throws Exception {
        connector.rest("PATCH", "/api/v1/clients/" + school + "/integration-state", body,
                Map.of("X-API-Key", TestConnector.API_KEY, "Content-Type", "application/json",
                        "X-Request-Id", requestId));
    }

    private static JsonNode history(String query) throws Exception {
        HttpResponse<String> response = connector.get("/api/v1/outcomes" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> requestIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("outcomes").forEach(entry -> ids.add(entry.get("record").get("request_id").asText()));
        return ids;
    }

    @Test
    void journalSurvivesRestartNewestFirst() throws Exception {
        JsonNode page = history("");

        assertThat(requestIds(page)).containsExactly("h-5", "h-4", "h-jms", "history.json#1", "h-3", "h-2", "h-1");
        assertThat(page.get("next_cursor").isNull()).isTrue();
        try (Stream<Path> files = Files.list(connector.journalFolder())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .allMatch(name -> name.matches("outcomes-\\d{4}-\\d{2}-\\d{2}\\.jsonl"));
        }
    }

    @Test
    void entriesNameInputAndRequester() throws Exception {
        JsonNode page = history("");
        JsonNode newest = page.get("outcomes").get(0);
        JsonNode fromJms = page.get("outcomes").get(2);
        JsonNode fromFile = page.get("outcomes").get(3);

        assertThat(newest.get("input").asText()).isEqualTo("rest");
        assertThat(newest.get("requested_by").asText()).isEqualTo("default");
        assertThat(newest.get("record").get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(Instant.parse(newest.get("recorded_at").asText())).isAfter(afterFirstRequests);
        assertThat(fromJms.get("input").asText()).isEqualTo("jms");
        assertThat(fromJms.get("requested_by").asText()).startsWith("ID:");
        assertThat(fromFile.get("input").asText()).isEqualTo("file");
        assertThat(fromFile.get("requested_by").asText()).isEqualTo("history.json");
    }

    @Test
    void filtersBySchoolOutcomeAndSince() throws Exception {
        assertThat(requestIds(history("?school_login_id=1001"))).containsExactly("h-5", "h-jms", "h-2");
        assertThat(requestIds(history("?outcome=REJECTED"))).containsExactly("h-3");
        assertThat(requestIds(history("?outcome=invalid"))).containsExactly("h-4");
        assertThat(requestIds(history("?school_login_id=1000&outcome=CHANGED"))).containsExactly("history.json#1",
                "h-1");
        String since = URLEncoder.encode(afterFirstRequests.toString(), StandardCharsets.UTF_8);
        assertThat(requestIds(history("?since=" + since))).containsExactly("h-5", "h-4", "h-jms", "history.json#1");
        assertThat(requestIds(history("?school_login_id=9999"))).isEmpty();
    }

    @Test
    void pagesFollowTheCursor() throws Exception {
        JsonNode first = history("?limit=3");
        JsonNode second = history("?limit=3&cursor=" + first.get("next_cursor").asText());
        JsonNode third = history("?limit=3&cursor=" + second.get("next_cursor").asText());

        assertThat(requestIds(first)).containsExactly("h-5", "h-4", "h-jms");
        assertThat(requestIds(second)).containsExactly("history.json#1", "h-3", "h-2");
        assertThat(requestIds(third)).containsExactly("h-1");
        assertThat(third.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void invalidQueryValuesAnswer400() throws Exception {
        Map<String, String> cases = Map.of(
                "?school_login_id=abc", "school_login_id",
                "?school_login_id=0", "school_login_id",
                "?since=yesterday", "since",
                "?outcome=DONE", "outcome",
                "?limit=0", "limit",
                "?limit=501", "limit",
                "?cursor=not-a-cursor", "cursor");

        for (Map.Entry<String, String> testCase : cases.entrySet()) {
            HttpResponse<String> response = connector.get("/api/v1/outcomes" + testCase.getKey());
            assertThat(response.statusCode()).as(testCase.getKey()).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.get("error").asText()).as(testCase.getKey()).isEqualTo("invalid_request");
            assertThat(error.get("message").asText()).as(testCase.getKey()).startsWith(testCase.getValue());
        }
    }

    @Test
    void historyNeedsApiKey() throws Exception {
        HttpResponse<String> response = connector.rest("GET", "/api/v1/outcomes", null, Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
    }
}
