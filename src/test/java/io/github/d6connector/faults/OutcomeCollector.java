package io.github.d6connector.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.ActiveMQConnectionFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Collects the outcome records of the fault tests: from the success and error queues of a broker and from
 * the CSV reports of the outbox.
 */
final class OutcomeCollector {

    static final String SUCCESS_QUEUE = "d6.client-state.outcomes";
    static final String ERROR_QUEUE = "d6.client-state.errors";

    /** Time without a new record after which a drain that has every expected id stops. */
    private static final Duration QUIET_PERIOD = Duration.ofMillis(500);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private OutcomeCollector() {
    }

    /**
     * Consumes outcome records from the success and error queues until every id of {@code expectedIds} has one
     * and no further record arrived for a short quiet period, or until {@code timeout} has passed. Records
     * that arrive in the quiet period show duplicates.
     */
    static Records drain(String brokerUrl, Collection<String> expectedIds, Duration timeout) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        Set<String> missing = new TreeSet<>(expectedIds);
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(SUCCESS_QUEUE + "," + ERROR_QUEUE));
            while (System.nanoTime() < deadline) {
                long wait = missing.isEmpty() ? QUIET_PERIOD.toMillis() : 200;
                Message message = consumer.receive(wait);
                if (message == null) {
                    if (missing.isEmpty()) {
                        break;
                    }
                    continue;
                }
                JsonNode record = JSON.readTree(((TextMessage) message).getText());
                records.add(record);
                missing.remove(record.path("request_id").asText());
            }
        } finally {
            connection.close();
        }
        return new Records(records);
    }

    /** Returns the text of every message on a queue without consuming any. */
    static List<String> browse(String brokerUrl, String queue) throws JMSException {
        List<String> texts = new ArrayList<>();
        Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(queue));
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Object message = messages.nextElement();
                texts.add(message instanceof TextMessage text ? text.getText() : String.valueOf(message));
            }
        } finally {
            connection.close();
        }
        return texts;
    }

    /** Reads a CSV report: one map per row, keyed by the header's column names. */
    static List<Map<String, String>> readCsvReport(Path report) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class).with(schema)
                .readValues(report.toFile())) {
            return rows.readAll();
        }
    }

    /**
     * Returns the files of a folder whose names end with {@code suffix}, sorted by name, or none when the
     * folder is missing.
     */
    static List<Path> filesEndingWith(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    /** Outcome records in the order they were received. */
    record Records(List<JsonNode> all) {

        /** Returns the request ids with at least one record. */
        Set<String> distinctIds() {
            Set<String> ids = new TreeSet<>();
            all.forEach(record -> ids.add(record.path("request_id").asText()));
            return ids;
        }

        /** Returns these records without those of {@code requestId}. */
        Records without(String requestId) {
            return new Records(all.stream().filter(record -> !requestId.equals(record.path("request_id").asText()))
                    .toList());
        }

        /** Returns the ids of {@code expectedIds} without a record. */
        Set<String> missingIds(Collection<String> expectedIds) {
            Set<String> missing = new TreeSet<>(expectedIds);
            missing.removeAll(distinctIds());
            return missing;
        }

        /** Returns the ids with a record that are not in {@code expectedIds}. */
        Set<String> unexpectedIds(Collection<String> expectedIds) {
            Set<String> unexpected = distinctIds();
            unexpected.removeAll(expectedIds);
            return unexpected;
        }

        /** Returns each request id with more than one record and its number of records. */
        Map<String, Integer> duplicateIds() {
            Map<String, Integer> counts = new HashMap<>();
            all.forEach(record -> counts.merge(record.path("request_id").asText(), 1, Integer::sum));
            Map<String, Integer> duplicates = new TreeMap<>();
            counts.forEach((id, count) -> {
                if (count > 1) {
                    duplicates.put(id, count);
                }
            });
            return duplicates;
        }

        /** Returns the last record of each request id. */
        Map<String, JsonNode> byRequestId() {
            Map<String, JsonNode> byId = new TreeMap<>();
            all.forEach(record -> byId.put(record.path("request_id").asText(), record));
            return byId;
        }

        /** Returns the number of records of each outcome, such as {@code CHANGED=1000}. */
        Map<String, Integer> countsByOutcome() {
            Map<String, Integer> counts = new TreeMap<>();
            all.forEach(record -> counts.merge(record.path("outcome").asText(), 1, Integer::sum));
            return counts;
        }
    }
}
