package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

class FileDropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUCCESS_QUEUE = "d6.client-state.outcomes";
    private static final String ERROR_QUEUE = "d6.client-state.errors";
    private static final String CLIENT_1001_PATH = "/api/v1/settings/clients/1001";
    private static final String ACTIVATE_BODY = "{\"api_type_id\":8,\"state\":1}";
    private static final Duration FILE_TIMEOUT = Duration.ofSeconds(15);

    /** UTC timestamp the connector puts into archive and result file names, such as 20261204T101500123Z. */
    private static final String STAMP_REGEX = "(\\d{8}T\\d{9}Z)";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    @TempDir
    static Path workFolder;

    private static WireMockServer d6;
    private static TestConnector connector;

    @BeforeAll
    static void startConnector() throws Exception {
        d6 = D6Stub.start();
        connector = TestConnector.start(d6.baseUrl(), workFolder);
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
        d6.stop();
    }

    @BeforeEach
    void resetD6AndQueues() throws JMSException {
        d6.resetAll();
        connector.receiveTexts(SUCCESS_QUEUE, Integer.MAX_VALUE, Duration.ofMillis(300));
        connector.receiveTexts(ERROR_QUEUE, Integer.MAX_VALUE, Duration.ofMillis(300));
    }

    @Test
    void singleRequestFileIsSentArchivedAndAnswered() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)));
        String content = "{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1}";
        Instant droppedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        drop("activate-one.json", content);
        Path result = awaitFiles(connector.outbox(), "activate-one", ".result.json", 1).get(0);
        Path archived = awaitFiles(doneFolder(), "activate-one", ".json", 1).get(0);
        Instant finishedAt = Instant.now();

        d6.verify(1, anyRequestedFor(anyUrl()));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo(TestConnector.D6_USERNAME))
                .withHeader("HTTP-X-PASSWORD", equalTo(TestConnector.D6_PASSWORD))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo(ACTIVATE_BODY)));

        assertThat(Files.readString(archived)).isEqualTo(content);
        Instant stamp = stampOf(archived, "activate-one", ".json");
        assertThat(stamp).isBetween(droppedAt, finishedAt);
        assertThat(result.getFileName().toString())
                .isEqualTo("activate-one-" + STAMP.format(stamp) + ".result.json");
        assertThat(Files.exists(connector.inbox().resolve("activate-one.json"))).isFalse();

        JsonNode records = JSON.readTree(result.toFile());
        assertThat(records.isArray()).isTrue();
        assertThat(records.size()).isEqualTo(1);
        JsonNode record = records.get(0);
        assertThat(record.get("request_id").asText()).isEqualTo("activate-one.json#1");
        assertThat(record.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(record.get("http_status").asInt()).isEqualTo(200);
        assertThat(record.get("school_login_id").asInt()).isEqualTo(1000);
        assertThat(record.get("attempts").asInt()).isEqualTo(1);

        List<TextMessage> successes = connector.receiveTexts(SUCCESS_QUEUE, 2, Duration.ofSeconds(2));
        assertThat(successes).hasSize(1);
        JsonNode queued = JSON.readTree(successes.get(0).getText());
        assertThat(queued.get("request_id").asText()).isEqualTo("activate-one.json#1");
        assertThat(queued.get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(queued.get("source").asText()).isEqualTo("file:activate-one.json");
        assertThat(connector.receiveTexts(ERROR_QUEUE, 1, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void singleRequestFilesRunConcurrently() throws Exception {
        int files = 6;
        int d6DelayMillis = 1500;
        d6.stubFor(patch(urlMatching("/api/v1/settings/clients/20[0-9][0-9]"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(d6DelayMillis)));

        for (int i = 1; i <= files; i++) {
            drop("concurrent-" + i + ".json", "{\"school_login_id\":" + (2000 + i) + ",\"api_type_id\":8,\"state\":1}");
        }
        for (int i = 1; i <= files; i++) {
            awaitFiles(connector.outbox(), "concurrent-" + i, ".result.json", 1);
        }

        List<LoggedRequest> calls = d6.findAll(patchRequestedFor(urlMatching("/api/v1/settings/clients/20[0-9][0-9]"))
                .withRequestBody(equalTo(ACTIVATE_BODY)));
        assertThat(calls).hasSize(files);
        long first = calls.stream().mapToLong(call -> call.getLoggedDate().getTime()).min().orElseThrow();
        long last = calls.stream().mapToLong(call -> call.getLoggedDate().getTime()).max().orElseThrow();
        assertThat(last - first).as("milliseconds between the first and the last d6 call; one file at a time"
                + " would need at least %d", (files - 1) * d6DelayMillis).isLessThan(d6DelayMillis);
        for (int i = 1; i <= files; i++) {
            JsonNode record = JSON.readTree(stampedFiles(connector.outbox(), "concurrent-" + i, ".result.json")
                    .get(0).toFile()).get(0);
            assertThat(record.get("outcome").asText()).isEqualTo("CHANGED");
            assertThat(record.get("school_login_id").asInt()).isEqualTo(2000 + i);
        }
    }

    @Test
    void arrayFileKeepsInputOrderOfOutcomes() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)));
        d6.stubFor(patch(urlEqualTo(CLIENT_1001_PATH)).willReturn(aResponse().withStatus(204)));
        String content = """
                [
                  {"school_login_id": 1000, "api_type_id": 8, "state": 1},
                  {"school_login_id": 1000, "api_type_id": 8, "state": 2},
                  {"school_login_id": 1001, "api_type_id": 8, "state": 0}
                ]
                """;

        drop("three.json", content);
        Path result = awaitFiles(connector.outbox(), "three", ".result.json", 1).get(0);
        awaitFiles(doneFolder(), "three", ".json", 1);

        d6.verify(2, anyRequestedFor(anyUrl()));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)).withRequestBody(equalTo(ACTIVATE_BODY)));
        d6.verify(1, patchRequestedFor(urlEqualTo(CLIENT_1001_PATH))
                .withRequestBody(equalTo("{\"api_type_id\":8,\"state\":0}")));

        JsonNode records = JSON.readTree(result.toFile());
        assertThat(records.size()).isEqualTo(3);
        assertThat(records.get(0).get("request_id").asText()).isEqualTo("three.json#1");
        assertThat(records.get(0).get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(records.get(1).get("request_id").asText()).isEqualTo("three.json#2");
        assertThat(records.get(1).get("outcome").asText()).isEqualTo("INVALID");
        assertThat(records.get(1).get("reason").asText()).startsWith("state must be");
        assertThat(records.get(1).get("attempts").asInt()).isZero();
        assertThat(records.get(2).get("request_id").asText()).isEqualTo("three.json#3");
        assertThat(records.get(2).get("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(records.get(2).get("school_login_id").asInt()).isEqualTo(1001);

        List<TextMessage> errors = connector.receiveTexts(ERROR_QUEUE, 2, Duration.ofSeconds(2));
        assertThat(errors).hasSize(1);
        JsonNode invalid = JSON.readTree(errors.get(0).getText());
        assertThat(invalid.get("request_id").asText()).isEqualTo("three.json#2");
        assertThat(invalid.get("outcome").asText()).isEqualTo("INVALID");
        assertThat(invalid.get("source").asText()).isEqualTo("file:three.json#2");

        List<TextMessage> successes = connector.receiveTexts(SUCCESS_QUEUE, 3, Duration.ofSeconds(2));
        assertThat(successes).hasSize(2);
    }

    @Test
    void fileWithBrokenJsonMovesToFailed() throws Exception {
        drop("broken.json", "{oops");

        Path failed = awaitFiles(failedFolder(), "broken", ".json", 1).get(0);
        Path reason = failed.resolveSibling(failed.getFileName() + ".reason.txt");
        await().atMost(FILE_TIMEOUT).until(() -> Files.exists(reason));

        assertThat(Files.readString(failed)).isEqualTo("{oops");
        assertThat(Files.readString(reason)).contains("broken.json").contains("not valid JSON");
        assertThat(filesIn(doneFolder(), "broken")).isEmpty();
        assertThat(filesIn(connector.outbox(), "broken")).isEmpty();
        assertThat(filesIn(connector.inbox(), "broken")).isEmpty();

        JsonNode invalid = onlyError();
        assertThat(invalid.get("outcome").asText()).isEqualTo("INVALID");
        assertThat(invalid.get("request_id").asText()).isEqualTo("broken.json");
        assertThat(invalid.get("reason").asText()).startsWith("file is not valid JSON");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void fileWithJsonNumberMovesToFailed() throws Exception {
        drop("number.json", "42");

        Path failed = awaitFiles(failedFolder(), "number", ".json", 1).get(0);
        Path reason = failed.resolveSibling(failed.getFileName() + ".reason.txt");
        await().atMost(FILE_TIMEOUT).until(() -> Files.exists(reason));

        assertThat(Files.readString(failed)).isEqualTo("42");
        assertThat(Files.readString(reason)).contains("number.json")
                .contains("must hold a JSON object or an array of objects");
        assertThat(filesIn(connector.outbox(), "number")).isEmpty();
        assertThat(filesIn(connector.inbox(), "number")).isEmpty();
        assertThat(onlyError().get("outcome").asText()).isEqualTo("INVALID");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void emptyFileMovesToFailed() throws Exception {
        drop("empty.json", "");
        try {
            Path failed = awaitFiles(failedFolder(), "empty", ".json", 1).get(0);
            Path reason = failed.resolveSibling(failed.getFileName() + ".reason.txt");
            await().atMost(FILE_TIMEOUT).until(() -> Files.exists(reason));

            assertThat(Files.size(failed)).isZero();
            assertThat(Files.readString(reason)).contains("empty.json").contains("file is empty");
            assertThat(filesIn(connector.outbox(), "empty")).isEmpty();
            assertThat(filesIn(connector.inbox(), "empty")).isEmpty();
            assertThat(onlyError().get("outcome").asText()).isEqualTo("INVALID");
            d6.verify(0, anyRequestedFor(anyUrl()));
        } finally {
            // An empty file left in the inbox would hold up every later poll for the read lock's timeout.
            Files.deleteIfExists(connector.inbox().resolve("empty.json"));
        }
    }

    @Test
    void oldModificationTimeWriterIsReadOnceComplete() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)));
        d6.stubFor(patch(urlEqualTo(CLIENT_1001_PATH)).willReturn(aResponse().withStatus(200)));
        byte[] content = ("[{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1},"
                + "{\"school_login_id\":1001,\"api_type_id\":8,\"state\":1}]").getBytes(StandardCharsets.UTF_8);
        FileTime anHourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Path file = connector.inbox().resolve("old-time.json");

        // Like a copy that keeps the source's time stamp: every write sets the modification time back an hour,
        // so the read lock's minimum age is always met and only the growing size shows the file is not done.
        Files.createDirectories(connector.inbox());
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < content.length; written += 4) {
                out.write(content, written, Math.min(4, content.length - written));
                out.flush();
                Files.setLastModifiedTime(file, anHourAgo);
                Thread.sleep(50);
            }
        }
        Files.setLastModifiedTime(file, anHourAgo);

        Path result = awaitFiles(connector.outbox(), "old-time", ".result.json", 1).get(0);

        JsonNode records = JSON.readTree(result.toFile());
        assertThat(records.size()).isEqualTo(2);
        assertThat(records.get(1).get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(filesIn(failedFolder(), "old-time")).isEmpty();
        d6.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void growingFileIsReadOnceComplete() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)));
        d6.stubFor(patch(urlEqualTo(CLIENT_1001_PATH)).willReturn(aResponse().withStatus(200)));
        byte[] content = ("[{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1},"
                + "{\"school_login_id\":1001,\"api_type_id\":8,\"state\":1}]").getBytes(StandardCharsets.UTF_8);
        int half = content.length / 2;
        int chunk = 4;

        // Writes half the file, then a few bytes every 100 ms for about 1.5 s. That is far longer than the read
        // lock's 200 ms minimum age, so a reader that ignored the lock would see an incomplete array.
        Files.createDirectories(connector.inbox());
        try (OutputStream out = Files.newOutputStream(connector.inbox().resolve("slow.json"))) {
            out.write(content, 0, half);
            out.flush();
            int written = half;
            long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(100);
                int length = Math.min(chunk, content.length - 1 - written);
                if (length > 0) {
                    out.write(content, written, length);
                    written += length;
                } else {
                    out.write(' ');
                }
                out.flush();
            }
            out.write(content, written, content.length - written);
        }

        Path result = awaitFiles(connector.outbox(), "slow", ".result.json", 1).get(0);
        awaitFiles(doneFolder(), "slow", ".json", 1);

        JsonNode records = JSON.readTree(result.toFile());
        assertThat(records.size()).isEqualTo(2);
        assertThat(records.get(0).get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(records.get(1).get("outcome").asText()).isEqualTo("CHANGED");
        assertThat(filesIn(connector.outbox(), "slow")).hasSize(1);
        assertThat(filesIn(failedFolder(), "slow")).isEmpty();
        d6.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void sameFileNameDroppedTwiceKeepsBothCopies() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)));
        String first = "{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1}";
        String second = "{\"school_login_id\":1000,\"api_type_id\":8,\"state\":0}";

        drop("repeat.json", first);
        awaitFiles(doneFolder(), "repeat", ".json", 1);
        awaitFiles(connector.outbox(), "repeat", ".result.json", 1);
        drop("repeat.json", second);
        List<Path> archived = awaitFiles(doneFolder(), "repeat", ".json", 2);
        List<Path> results = awaitFiles(connector.outbox(), "repeat", ".result.json", 2);

        assertThat(archived.get(0)).isNotEqualTo(archived.get(1));
        assertThat(Files.readString(archived.get(0))).isEqualTo(first);
        assertThat(Files.readString(archived.get(1))).isEqualTo(second);
        assertThat(results.get(0)).isNotEqualTo(results.get(1));
        assertThat(JSON.readTree(results.get(0).toFile()).get(0).get("state").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(results.get(1).toFile()).get(0).get("state").asInt()).isEqualTo(0);
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH)).withRequestBody(equalTo(ACTIVATE_BODY)));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withRequestBody(equalTo("{\"api_type_id\":8,\"state\":0}")));
    }

    @Test
    void filesNotEndingInJsonStayInInbox() throws Exception {
        Path notes = connector.inbox().resolve("notes.txt");
        Path partial = connector.inbox().resolve("upload.json.part");
        String request = "{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1}";
        Files.createDirectories(connector.inbox());
        Files.writeString(notes, request);
        Files.writeString(partial, request);
        FileTime notesModified = Files.getLastModifiedTime(notes);
        try {
            // A later .json file proves the inbox has been polled since the other files appeared. Its request
            // is invalid, so any call d6 receives could only come from the other files.
            drop("marker.json", "{\"school_login_id\":1000,\"api_type_id\":8,\"state\":2}");
            awaitFiles(connector.outbox(), "marker", ".result.json", 1);
            awaitFiles(doneFolder(), "marker", ".json", 1);
            Thread.sleep(500);

            assertThat(Files.readString(notes)).isEqualTo(request);
            assertThat(Files.getLastModifiedTime(notes)).isEqualTo(notesModified);
            assertThat(Files.readString(partial)).isEqualTo(request);
            assertThat(filesIn(doneFolder(), "notes")).isEmpty();
            assertThat(filesIn(failedFolder(), "notes")).isEmpty();
            assertThat(filesIn(doneFolder(), "upload")).isEmpty();
            assertThat(filesIn(connector.outbox(), "notes")).isEmpty();
            assertThat(filesIn(connector.outbox(), "upload")).isEmpty();
            d6.verify(0, anyRequestedFor(anyUrl()));
        } finally {
            Files.deleteIfExists(notes);
            Files.deleteIfExists(partial);
        }
    }

    /** Writes a file outside the inbox and moves it in whole, so the connector only ever reads complete files. */
    private static void drop(String name, String content) throws IOException {
        Path staging = Files.createDirectories(workFolder.resolve("staging"));
        Files.createDirectories(connector.inbox());
        Path written = Files.writeString(staging.resolve(name), content);
        Files.move(written, connector.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path doneFolder() {
        return connector.inbox().resolve("done");
    }

    private static Path failedFolder() {
        return connector.inbox().resolve("failed");
    }

    /** Waits until {@code folder} contains {@code count} files named {@code <stem>-<UTC timestamp><suffix>}. */
    private static List<Path> awaitFiles(Path folder, String stem, String suffix, int count) {
        return await(count + " file(s) " + folder.getFileName() + "/" + stem + "-<UTC timestamp>" + suffix)
                .atMost(FILE_TIMEOUT)
                .until(() -> stampedFiles(folder, stem, suffix), files -> files.size() >= count);
    }

    private static List<Path> stampedFiles(Path folder, String stem, String suffix) throws IOException {
        Pattern name = stampedName(stem, suffix);
        return filesIn(folder, stem).stream()
                .filter(file -> name.matcher(file.getFileName().toString()).matches())
                .toList();
    }

    /** Lists the regular files directly in {@code folder} whose names start with {@code prefix}, sorted by name. */
    private static List<Path> filesIn(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    private static Instant stampOf(Path file, String stem, String suffix) {
        Matcher matcher = stampedName(stem, suffix).matcher(file.getFileName().toString());
        assertThat(matcher.matches()).as("name of %s", file).isTrue();
        return STAMP.parse(matcher.group(1), Instant::from);
    }

    private static Pattern stampedName(String stem, String suffix) {
        return Pattern.compile(Pattern.quote(stem) + "-" + STAMP_REGEX + Pattern.quote(suffix));
    }

    /** Returns the one outcome on the error queue, failing if there is none or more than one. */
    private static JsonNode onlyError() throws Exception {
        List<TextMessage> errors = connector.receiveTexts(ERROR_QUEUE, 2, Duration.ofSeconds(2));
        assertThat(errors).hasSize(1);
        return JSON.readTree(errors.get(0).getText());
    }
}
