package io.github.d6connector.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Drops bulk files into a connector's inbox and reads the reports it writes to the outbox.
 */
public final class BulkFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private BulkFiles() {
    }

    /**
     * Writes {@code content} beside the inbox and moves it in with one atomic rename, so the connector never
     * reads a half-written file.
     */
    public static Path drop(Path inbox, String fileName, byte[] content) throws IOException {
        Path staging = inbox.resolveSibling("staging");
        Files.createDirectories(staging);
        Files.createDirectories(inbox);
        Path staged = staging.resolve(fileName);
        Files.write(staged, content);
        return Files.move(staged, inbox.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }

    public static Path drop(Path inbox, String fileName, String content) throws IOException {
        return drop(inbox, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits for the finished report of the input file with stem {@code stem}, named
     * {@code <stem>-<UTC timestamp>.result.<extension>}, and returns it.
     */
    public static Path awaitReport(Path outbox, String stem, String extension, Duration timeout) {
        Pattern name = reportName(stem, extension);
        AtomicReference<Path> found = new AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    found.set(findReport(outbox, name).orElse(null));
                    return found.get() != null;
                });
        return found.get();
    }

    /** Returns the finished report of the input file with stem {@code stem}, if the outbox contains one. */
    public static Optional<Path> findReport(Path outbox, String stem, String extension) throws IOException {
        return findReport(outbox, reportName(stem, extension));
    }

    private static Pattern reportName(String stem, String extension) {
        return Pattern.compile(Pattern.quote(stem) + "-\\d{8}T\\d{9}Z\\.result\\." + Pattern.quote(extension));
    }

    private static Optional<Path> findReport(Path outbox, Pattern name) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(file -> name.matcher(file.getFileName().toString()).matches()).findFirst();
        }
    }

    /** Returns the names of the files in {@code folder} that start with {@code prefix}, sorted. */
    public static List<String> filesStartingWith(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(file -> file.startsWith(prefix))
                    .sorted().toList();
        }
    }

    /** Returns the column names of a CSV report's header row, which contains plain names without quotes. */
    public static List<String> csvHeader(Path report) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(report, StandardCharsets.UTF_8)) {
            return List.of(reader.readLine().split(",", -1));
        }
    }

    /** Returns the data rows of a CSV report, each as column name to cell text, in file order. */
    public static List<Map<String, String>> csvRows(Path report) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> iterator = CSV.readerForMapOf(String.class).with(schema)
                .readValues(report.toFile())) {
            iterator.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** Returns the objects of a JSON report, in file order. */
    public static List<JsonNode> jsonRows(Path report) throws IOException {
        JsonNode array = JSON.readTree(report.toFile());
        List<JsonNode> rows = new ArrayList<>();
        array.forEach(rows::add);
        return rows;
    }
}
