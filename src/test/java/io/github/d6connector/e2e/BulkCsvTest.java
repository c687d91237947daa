package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.github.d6connector.testsupport.BulkFiles;
import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * Bulk CSV and JSON files dropped into the inbox of a real connector that calls WireMock as d6.
 */
class BulkCsvTest {

    private static final String CLIENTS_PATH = "/api/v1/settings/clients/";
    private static final String CLIENT_PATH_PATTERN = "/api/v1/settings/clients/[0-9]+";
    private static final List<String> REPORT_COLUMNS = List.of("line", "request_id", "school_login_id",
            "api_type_id", "state", "outcome", "http_status", "d6_error", "d6_error_description", "reason",
            "attempts", "duplicate_of");
    private static final String CHANGED_REASON = "d6 changed the integration state";
    private static final String UNCHANGED_REASON =
            "d6 made no change because the integration was already in that state";
    private static final String VALIDATED_REASON = "dry run: the request is valid and was not sent to d6";
    private static final Duration SMALL_FILE_TIMEOUT = Duration.ofSeconds(20);

    /** Settings of most tests: no rate limit, so that large files run as fast as WireMock responds. */
    private static final Map<String, String> FAST_SETTINGS = Map.of(
            "d6.rate-limit.requests-per-second", "0",
            "d6.rate-limit.max-concurrent", "16",
            "connector.bulk.concurrency", "16",
            "connector.bulk.progress-interval", "200");

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector running;
    private static Map<String, String> runningSettings;
    private static int starts;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connectorWith(FAST_SETTINGS);
    }

    @AfterAll
    static void stopConnector() {
        running.close();
        d6.stop();
    }

    @BeforeEach
    void resetD6() {
        d6.resetAll();
    }

    /**
     * Returns a connector started with {@code settings}, stopping the running one first when its settings
     * differ. Two connectors cannot run in one JVM at once because their embedded brokers share a name.
     */
    private static TestConnector connectorWith(Map<String, String> settings) throws Exception {
        if (running != null && runningSettings.equals(settings)) {
            return running;
        }
        if (running != null) {
            running.close();
        }
        starts++;
        running = TestConnector.start(d6.baseUrl(), workFolder.resolve("connector-" + starts), settings);
        runningSettings = settings;
        return running;
    }

    @Test
    void csvWithBomCrlfAndMixedCaseHeader() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));

        BulkFiles.drop(connector.inbox(), "bom-crlf.csv",
                "\uFEFFState,API_TYPE_ID,School_Login_Id\r\n1,8,1001\r\n0,9,1002\r\n");
        Path report = BulkFiles.awaitReport(connector.outbox(), "bom-crlf", "csv", SMALL_FILE_TIMEOUT);

        verifyPatch(1, 1001, 8, 1);
        verifyPatch(1, 1002, 9, 0);
        d6.verify(2, anyRequestedFor(anyUrl()));
        assertThat(BulkFiles.csvHeader(report)).isEqualTo(REPORT_COLUMNS);
        List<Map<String, String>> rows = BulkFiles.csvRows(report);
        assertThat(rows).hasSize(2);
        assertThat(select(rows.get(0), REPORT_COLUMNS)).isEqualTo(row(
                "line", "2", "request_id", "bom-crlf.csv#2", "school_login_id", "1001", "api_type_id", "8",
                "state", "1", "outcome", "CHANGED", "http_status", "200", "d6_error", "",
                "d6_error_description", "", "reason", CHANGED_REASON, "attempts", "1", "duplicate_of", ""));
        assertThat(select(rows.get(1), REPORT_COLUMNS)).isEqualTo(row(
                "line", "3", "request_id", "bom-crlf.csv#3", "school_login_id", "1002", "api_type_id", "9",
                "state", "0", "outcome", "CHANGED", "http_status", "200", "d6_error", "",
                "d6_error_description", "", "reason", CHANGED_REASON, "attempts", "1", "duplicate_of", ""));
        await().atMost(SMALL_FILE_TIMEOUT).untilAsserted(() ->
                assertThat(BulkFiles.filesStartingWith(connector.inbox().resolve("done"), "bom-crlf-"))
                        .hasSize(1));
    }

    @Test
    void quotedCommaCarriedIntoExtraColumn() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));

        BulkFiles.drop(connector.inbox(), "quoted.csv",
                "school_login_id,school_name,api_type_id,state\n1003,\"Green, Valley High\",8,1\n");
        Path report = BulkFiles.awaitReport(connector.outbox(), "quoted", "csv", SMALL_FILE_TIMEOUT);

        verifyPatch(1, 1003, 8, 1);
        d6.verify(1, anyRequestedFor(anyUrl()));
        List<String> expectedHeader = new ArrayList<>(REPORT_COLUMNS);
        expectedHeader.add("school_name");
        assertThat(BulkFiles.csvHeader(report)).isEqualTo(expectedHeader);
        List<Map<String, String>> rows = BulkFiles.csvRows(report);
        assertThat(rows).hasSize(1);
        assertThat(select(rows.get(0), List.of("line", "school_login_id", "outcome", "school_name")))
                .isEqualTo(row("line", "2", "school_login_id", "1003", "outcome", "CHANGED",
                        "school_name", "Green, Valley High"));
        assertThat(Files.readString(report)).contains(",\"Green, Valley High\"");
    }

    @Test
    void rowMissingCellIsInvalidAndOthersRun() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));

        BulkFiles.drop(connector.inbox(), "missing-cell.csv",
                "school_login_id,api_type_id,state\n1004,8,1\n1005,8\n1006,8,0\n");
        Path report = BulkFiles.awaitReport(connector.outbox(), "missing-cell", "csv", SMALL_FILE_TIMEOUT);

        verifyPatch(1, 1004, 8, 1);
        verifyPatch(1, 1006, 8, 0);
        d6.verify(0, patchRequestedFor(urlEqualTo(CLIENTS_PATH + 1005)));
        d6.verify(2, anyRequestedFor(anyUrl()));
        List<Map<String, String>> rows = BulkFiles.csvRows(report);
        assertThat(rows).extracting(r -> r.get("line")).containsExactly("2", "3", "4");
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("CHANGED", "INVALID", "CHANGED");
        List<String> columnsButReason = REPORT_COLUMNS.stream().filter(column -> !column.equals("reason")).toList();
        assertThat(select(rows.get(1), columnsButReason)).isEqualTo(row(
                "line", "3", "request_id", "missing-cell.csv#3", "school_login_id", "1005", "api_type_id", "8",
                "state", "", "outcome", "INVALID", "http_status", "", "d6_error", "", "d6_error_description", "",
                "attempts", "0", "duplicate_of", ""));
        assertThat(rows.get(1).get("reason")).startsWith("line 3: state is missing");
    }

    @Test
    void blankLineSkipped() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));

        BulkFiles.drop(connector.inbox(), "blank-line.csv",
                "school_login_id,api_type_id,state\n1007,8,1\n\n1008,8,1\n");
        Path report = BulkFiles.awaitReport(connector.outbox(), "blank-line", "csv", SMALL_FILE_TIMEOUT);

        verifyPatch(1, 1007, 8, 1);
        verifyPatch(1, 1008, 8, 1);
        d6.verify(2, anyRequestedFor(anyUrl()));
        List<Map<String, String>> rows = BulkFiles.csvRows(report);
        assertThat(rows).extracting(r -> r.get("line")).containsExactly("2", "4");
        assertThat(rows).extracting(r -> r.get("school_login_id")).containsExactly("1007", "1008");
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("CHANGED", "CHANGED");
    }

    @Test
    void headerWithoutStateMovesFileToFailed() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));
        Path failed = connector.inbox().resolve("failed");

        BulkFiles.drop(connector.inbox(), "no-state.csv", "school_login_id,api_type_id\n1009,8\n");
        await().atMost(SMALL_FILE_TIMEOUT).untilAsserted(() ->
                assertThat(BulkFiles.filesStartingWith(failed, "no-state-")).hasSize(2));

        List<String> failedFiles = BulkFiles.filesStartingWith(failed, "no-state-");
        assertThat(failedFiles.get(0)).matches("no-state-\\d{8}T\\d{9}Z\\.csv");
        assertThat(failedFiles.get(1)).isEqualTo(failedFiles.get(0) + ".reason.txt");
        assertThat(Files.readString(failed.resolve(failedFiles.get(1)))).isEqualTo(
                "File no-state.csv was not processed: CSV header must name school_login_id, api_type_id, state;"
                        + " missing state in header [school_login_id, api_type_id]" + System.lineSeparator());
        assertThat(Files.readString(failed.resolve(failedFiles.get(0))))
                .isEqualTo("school_login_id,api_type_id\n1009,8\n");
        assertThat(BulkFiles.findReport(connector.outbox(), "no-state", "csv")).isEmpty();
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void tenThousandRowsReportedInInputOrder() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));
        int rowCount = 10_000;
        int firstSchool = 100_000;
        StringBuilder csv = new StringBuilder("school_login_id,api_type_id,state\n");
        for (int i = 0; i < rowCount; i++) {
            csv.append(firstSchool + i).append(",8,1\n");
        }

        BulkFiles.drop(connector.inbox(), "ten-thousand.csv", csv.toString());
        Path report = BulkFiles.awaitReport(connector.outbox(), "ten-thousand", "csv", Duration.ofSeconds(60));

        List<Map<String, String>> rows = BulkFiles.csvRows(report);
        assertThat(rows.size()).isEqualTo(rowCount);
        assertThat(firstDifference(rows.stream().map(r -> r.get("line")).toList(),
                IntStream.range(0, rowCount).mapToObj(i -> String.valueOf(i + 2)).toList()))
                .as("first report row whose line is out of input order").isEqualTo(-1);
        assertThat(firstDifference(rows.stream().map(r -> r.get("school_login_id")).toList(),
                IntStream.range(0, rowCount).mapToObj(i -> String.valueOf(firstSchool + i)).toList()))
                .as("first report row whose school is out of input order").isEqualTo(-1);
        assertThat(rows.stream().map(r -> r.get("outcome")).distinct().toList()).containsExactly("CHANGED");
        d6.verify(rowCount, exactPatch().withRequestBody(equalTo(body(8, 1))));
        d6.verify(rowCount, anyRequestedFor(anyUrl()));
        Set<String> urls = new HashSet<>();
        for (LoggedRequest request : d6.findAll(anyRequestedFor(anyUrl()))) {
            urls.add(request.getUrl());
        }
        assertThat(urls.equals(new HashSet<>(
                IntStream.range(0, rowCount).mapToObj(i -> CLIENTS_PATH + (firstSchool + i)).toList())))
                .as("d6 received each school of the file once").isTrue();
    }

    @Test
    void identicalRowsSentOnce() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));
        d6.stubFor(patch(urlEqualTo(CLIENTS_PATH + 1010)).atPriority(1)
                .willReturn(aResponse().withStatus(204)));

        BulkFiles.drop(connector.inbox(), "duplicates.csv",
                "school_login_id,api_type_id,state\n1010,8,1\n1010,8,1\n1011,8,1\n1010,8,1\n");
        Path report = BulkFiles.awaitReport(connector.outbox(), "duplicates", "csv", SMALL_FILE_TIMEOUT);

        verifyPatch(1, 1010, 8, 1);
        verifyPatch(1, 1011, 8, 1);
        d6.verify(2, anyRequestedFor(anyUrl()));
        List<Map<String, String>> rows = BulkFiles.csvRows(report);
        assertThat(rows).hasSize(4);
        List<String> columns = List.of("line", "school_login_id", "outcome", "http_status", "reason", "attempts",
                "duplicate_of");
        assertThat(select(rows.get(0), columns)).isEqualTo(row("line", "2", "school_login_id", "1010",
                "outcome", "UNCHANGED", "http_status", "204", "reason", UNCHANGED_REASON, "attempts", "1",
                "duplicate_of", ""));
        assertThat(select(rows.get(1), columns)).isEqualTo(row("line", "3", "school_login_id", "1010",
                "outcome", "UNCHANGED", "http_status", "204",
                "reason", "duplicate of line 2, not sent again: " + UNCHANGED_REASON, "attempts", "0",
                "duplicate_of", "2"));
        assertThat(select(rows.get(2), columns)).isEqualTo(row("line", "4", "school_login_id", "1011",
                "outcome", "CHANGED", "http_status", "200", "reason", CHANGED_REASON, "attempts", "1",
                "duplicate_of", ""));
        assertThat(select(rows.get(3), columns)).isEqualTo(row("line", "5", "school_login_id", "1010",
                "outcome", "UNCHANGED", "http_status", "204",
                "reason", "duplicate of line 2, not sent again: " + UNCHANGED_REASON, "attempts", "0",
                "duplicate_of", "2"));
    }

    @Test
    void dryRunBySuffixSendsNothing() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));

        BulkFiles.drop(connector.inbox(), "check.dry-run.csv",
                "school_login_id,api_type_id,state\n1020,8,1\n1021,8,2\n1022,9,0\n");
        Path report = BulkFiles.awaitReport(connector.outbox(), "check.dry-run", "csv", SMALL_FILE_TIMEOUT);

        assertDryRunReport(BulkFiles.csvRows(report), "check.dry-run.csv");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void dryRunBySettingSendsNothing() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(FAST_SETTINGS);
        settings.put("connector.bulk.dry-run", "true");
        TestConnector connector = connectorWith(settings);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));

        BulkFiles.drop(connector.inbox(), "check.csv",
                "school_login_id,api_type_id,state\n1020,8,1\n1021,8,2\n1022,9,0\n");
        Path report = BulkFiles.awaitReport(connector.outbox(), "check", "csv", SMALL_FILE_TIMEOUT);

        assertDryRunReport(BulkFiles.csvRows(report), "check.csv");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void concurrentRowsKeepInputOrder() throws Exception {
        TestConnector connector = connectorWith(Map.of(
                "d6.rate-limit.requests-per-second", "0",
                "d6.rate-limit.max-concurrent", "8",
                "connector.bulk.concurrency", "8"));
        int slowDelayMillis = 300;
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));
        d6.stubFor(patch(urlPathMatching(CLIENTS_PATH + "30[0-9][0-9]")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody("[]").withFixedDelay(slowDelayMillis)));
        List<String> schools = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            schools.add(String.valueOf(3000 + i));
            schools.add(String.valueOf(4000 + i));
        }
        String csv = "school_login_id,api_type_id,state\n" + String.join(",8,1\n", schools) + ",8,1\n";

        long started = System.nanoTime();
        BulkFiles.drop(connector.inbox(), "slow-and-fast.csv", csv);
        Path report = BulkFiles.awaitReport(connector.outbox(), "slow-and-fast", "csv", Duration.ofSeconds(30));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        List<Map<String, String>> rows = BulkFiles.csvRows(report);
        assertThat(rows).extracting(r -> r.get("school_login_id")).isEqualTo(schools);
        assertThat(rows).extracting(r -> r.get("outcome")).containsOnly("CHANGED");
        // 40 slow rows one after another take 40 x 300 ms = 12 s; 8 at a time take about 1.5 s.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(6));
        d6.verify(80, exactPatch().withRequestBody(equalTo(body(8, 1))));
        d6.verify(80, anyRequestedFor(anyUrl()));
    }

    @Test
    void progressLinesLoggedWhileFileRuns() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        // 64 rows of 500 ms, 16 at a time, keep the file running for about 2 s.
        stubEveryClient(aResponse().withStatus(200).withBody("[]").withFixedDelay(500));
        StringBuilder csv = new StringBuilder("school_login_id,api_type_id,state\n");
        for (int i = 0; i < 64; i++) {
            csv.append(5000 + i).append(",8,1\n");
        }
        ListAppender<ILoggingEvent> progress = attachListAppender("io.github.d6connector.bulk.BulkProgress");

        try {
            BulkFiles.drop(connector.inbox(), "progress.csv", csv.toString());
            BulkFiles.awaitReport(connector.outbox(), "progress", "csv", SMALL_FILE_TIMEOUT);
        } finally {
            detach("io.github.d6connector.bulk.BulkProgress", progress);
        }

        List<String> lines = messages(progress).stream().filter(line -> line.startsWith("File progress.csv: "))
                .toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lines).allMatch(line -> line.matches(
                "File progress\\.csv: \\d+ of 64 rows done \\(\\d+%\\), \\d+[.,]\\d rows/s, about .+ left"));
        assertThat(lines).anyMatch(line -> !line.contains(" 0 of 64 rows done"));
        d6.verify(64, anyRequestedFor(anyUrl()));
    }

    @Test
    void summaryLineCountsOutcomes() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));
        d6.stubFor(patch(urlEqualTo(CLIENTS_PATH + 1031)).atPriority(1).willReturn(aResponse().withStatus(204)));
        d6.stubFor(patch(urlEqualTo(CLIENTS_PATH + 1034)).atPriority(1).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"not_found\",\"error_description\":\"School not found\"}")));
        d6.stubFor(patch(urlEqualTo(CLIENTS_PATH + 1035)).atPriority(1).willReturn(aResponse().withStatus(503)));
        ListAppender<ILoggingEvent> summary = attachListAppender("io.github.d6connector.bulk.BulkFileProcessor");

        try {
            BulkFiles.drop(connector.inbox(), "summary.csv", "school_login_id,api_type_id,state\n"
                    + "1030,8,1\n1031,8,1\n1032,8\n1030,8,1\n1033,8,0\n1034,8,1\n1035,8,1\n");
            BulkFiles.awaitReport(connector.outbox(), "summary", "csv", SMALL_FILE_TIMEOUT);
            await().atMost(SMALL_FILE_TIMEOUT).until(() -> messages(summary).stream()
                    .anyMatch(line -> line.startsWith("File summary.csv done: ")));
        } finally {
            detach("io.github.d6connector.bulk.BulkFileProcessor", summary);
        }

        String line = messages(summary).stream().filter(message -> message.startsWith("File summary.csv done: "))
                .findFirst().orElseThrow();
        assertThat(line).contains(" 7 row(s) ");
        assertThat(line).matches(".* in \\d+([.,]\\d)? s, .*");
        assertThat(line).contains("{CHANGED=3, UNCHANGED=1, REJECTED=1, FAILED=1, INVALID=1}");
        assertThat(line).contains("1 duplicate(s) not sent again");
        assertThat(line).containsPattern("report summary-\\d{8}T\\d{9}Z\\.result\\.csv$");
        verifyPatch(1, 1030, 8, 1);
        verifyPatch(1, 1031, 8, 1);
        verifyPatch(1, 1033, 8, 0);
        verifyPatch(1, 1034, 8, 1);
        verifyPatch(4, 1035, 8, 1);
        d6.verify(8, anyRequestedFor(anyUrl()));
    }

    @Test
    void jsonArrayOfThousandItemsReportedInOrder() throws Exception {
        TestConnector connector = connectorWith(FAST_SETTINGS);
        stubEveryClient(aResponse().withStatus(200).withBody("[]"));
        int itemCount = 1_000;
        int firstSchool = 200_000;
        List<String> items = new ArrayList<>();
        for (int i = 0; i < itemCount; i++) {
            items.add("{\"school_login_id\":" + (firstSchool + i) + ",\"api_type_id\":8,\"state\":0}");
        }
        String json = "[\n" + String.join(",\n", items) + "\n]\n";

        BulkFiles.drop(connector.inbox(), "thousand.json", json);
        Path report = BulkFiles.awaitReport(connector.outbox(), "thousand", "json", Duration.ofSeconds(30));

        List<JsonNode> rows = BulkFiles.jsonRows(report);
        assertThat(rows.size()).isEqualTo(itemCount);
        assertThat(firstDifference(rows.stream().map(r -> r.get("line").asInt()).toList(),
                IntStream.range(0, itemCount).mapToObj(i -> i + 2).toList()))
                .as("first report row whose line is out of input order").isEqualTo(-1);
        assertThat(firstDifference(rows.stream().map(r -> r.get("request_id").asText()).toList(),
                IntStream.range(0, itemCount).mapToObj(i -> "thousand.json#" + (i + 1)).toList()))
                .as("first report row whose request id is out of input order").isEqualTo(-1);
        assertThat(firstDifference(rows.stream().map(r -> r.get("school_login_id").asInt()).toList(),
                IntStream.range(0, itemCount).mapToObj(i -> firstSchool + i).toList()))
                .as("first report row whose school is out of input order").isEqualTo(-1);
        assertThat(rows.stream().map(r -> r.get("outcome").asText()).distinct().toList())
                .containsExactly("CHANGED");
        assertThat(rows.stream().filter(r -> !r.get("duplicate_of").isNull()).count()).isZero();
        d6.verify(itemCount, exactPatch().withRequestBody(equalTo(body(8, 0))));
        d6.verify(itemCount, anyRequestedFor(anyUrl()));
    }

    private static void assertDryRunReport(List<Map<String, String>> rows, String fileName) {
        List<String> columns = List.of("line", "request_id", "school_login_id", "api_type_id", "state", "outcome",
                "http_status", "attempts");
        assertThat(rows).hasSize(3);
        assertThat(select(rows.get(0), columns)).isEqualTo(row("line", "2", "request_id", fileName + "#2",
                "school_login_id", "1020", "api_type_id", "8", "state", "1", "outcome", "VALIDATED",
                "http_status", "", "attempts", "0"));
        assertThat(rows.get(0).get("reason")).isEqualTo(VALIDATED_REASON);
        assertThat(select(rows.get(1), columns)).isEqualTo(row("line", "3", "request_id", fileName + "#3",
                "school_login_id", "1021", "api_type_id", "8", "state", "2", "outcome", "INVALID",
                "http_status", "", "attempts", "0"));
        assertThat(rows.get(1).get("reason")).startsWith("line 3: state must be").endsWith(", got 2");
        assertThat(select(rows.get(2), columns)).isEqualTo(row("line", "4", "request_id", fileName + "#4",
                "school_login_id", "1022", "api_type_id", "9", "state", "0", "outcome", "VALIDATED",
                "http_status", "", "attempts", "0"));
        assertThat(rows.get(2).get("reason")).isEqualTo(VALIDATED_REASON);
    }

    /** Returns the first index where the lists differ, the shorter list's size when one is a prefix, or -1. */
    private static <T> int firstDifference(List<T> actual, List<T> expected) {
        int common = Math.min(actual.size(), expected.size());
        for (int i = 0; i < common; i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                return i;
            }
        }
        return actual.size() == expected.size() ? -1 : common;
    }

    private static void stubEveryClient(ResponseDefinitionBuilder response) {
        d6.stubFor(patch(urlPathMatching(CLIENT_PATH_PATTERN)).atPriority(10).willReturn(response));
    }

    /** Matches a PATCH with the connector's credentials and content type, to any client URL. */
    private static RequestPatternBuilder exactPatch() {
        return patchRequestedFor(urlPathMatching(CLIENT_PATH_PATTERN))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withHeader("Content-Type", equalTo("application/json"));
    }

    private static void verifyPatch(int count, int school, int apiType, int state) {
        d6.verify(count, patchRequestedFor(urlEqualTo(CLIENTS_PATH + school))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo(body(apiType, state))));
    }

    private static String body(int apiType, int state) {
        return "{\"api_type_id\":" + apiType + ",\"state\":" + state + "}";
    }

    private static Map<String, String> row(String... namesAndValues) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    private static Map<String, String> select(Map<String, String> row, List<String> columns) {
        Map<String, String> selected = new LinkedHashMap<>();
        for (String column : columns) {
            selected.put(column, row.get(column));
        }
        return selected;
    }

    private static ListAppender<ILoggingEvent> attachListAppender(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
        return appender;
    }

    private static void detach(String loggerName, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
        appender.stop();
    }

    /** Returns the formatted messages the appender has received so far. */
    private static List<String> messages(ListAppender<ILoggingEvent> appender) {
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
