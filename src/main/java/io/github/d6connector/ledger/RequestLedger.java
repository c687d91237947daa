package io.github.d6connector.ledger;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.OutcomeRecord;

/**
 * Remembers, on disk, d6's final response to every request id for a window of time, so that a request
 * received again (a JMS redelivery, a file dropped twice, a file read again after a crash) is not sent to d6
 * a second time and gets the first outcome instead.
 *
 * <p>The ledger is an append-only JSON Lines file. Each write reaches the operating system before the
 * method returns, so it survives a killed process (not a power cut, which would need an fsync per record).
 * Memory holds only an index (request id to file offset); an outcome is read back from the file on a
 * repeat; expired entries leave the index every {@value #PRUNE_EVERY} records. At startup, records older
 * than the window are dropped and the file is rewritten compactly. A torn last line from a crash is skipped.
 */
public final class RequestLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLedger.class);
    private static final String FILE_NAME = "requests.jsonl";

    /** Records written between two removals of expired entries from the in-memory index. */
    private static final int PRUNE_EVERY = 10_000;

    private final Path file;
    private final Duration window;
    private final Clock clock;
    private final Map<String, IndexEntry> index = new HashMap<>();
    private int recordsSincePrune;
    private FileChannel appender;
    private FileChannel reader;

    public RequestLedger(Path folder, Duration window, Clock clock) throws IOException {
        this.file = folder.resolve(FILE_NAME);
        this.window = window;
        this.clock = clock;
        Files.createDirectories(folder);
        compact();
        this.appender = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.reader = FileChannel.open(file, StandardOpenOption.READ);
        LOG.info("Request ledger {} holds {} request(s) from the last {}", file, index.size(), window);
    }

    /**
     * Returns the recorded final response to a request id, when it was recorded within the window for the same
     * school, API type and state.
     */
    public synchronized Optional<LedgerEntry> find(String requestId, String fingerprint) {
        IndexEntry entry = index.get(requestId);
        if (entry == null || entry.recordedAtMillis() < clock.millis() - window.toMillis()) {
            return Optional.empty();
        }
        JsonNode line = readLine(entry.offset());
        if (!fingerprint.equals(line.path("fingerprint").asText())) {
            LOG.warn("Request id {} was used before for another request ({}, now {}); it is processed as new",
                    requestId, line.path("fingerprint").asText(), fingerprint);
            return Optional.empty();
        }
        OutcomeRecord outcome = Json.MAPPER.convertValue(line.get("outcome"), OutcomeRecord.class);
        return Optional.of(new LedgerEntry(outcome, entry.delivered()));
    }

    /** Records the final d6 answer of a request. */
    public synchronized void recordOutcome(String requestId, String fingerprint, OutcomeRecord outcome) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("type", "outcome");
        line.put("request_id", requestId);
        line.put("fingerprint", fingerprint);
        line.put("recorded_at", clock.millis());
        line.set("outcome", Json.MAPPER.valueToTree(outcome));
        long offset = append(line);
        index.put(requestId, new IndexEntry(offset, clock.millis(), false));
        if (++recordsSincePrune >= PRUNE_EVERY) {
            recordsSincePrune = 0;
            long oldest = clock.millis() - window.toMillis();
            index.values().removeIf(entry -> entry.recordedAtMillis() < oldest);
        }
    }

    /** Records that the outcome of a request reached its success or error endpoint. */
    public synchronized void markDelivered(String requestId) {
        IndexEntry entry = index.get(requestId);
        if (entry == null || entry.delivered()) {
            return;
        }
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("type", "delivered");
        line.put("request_id", requestId);
        append(line);
        index.put(requestId, new IndexEntry(entry.offset(), entry.recordedAtMillis(), true));
    }

    private long append(ObjectNode line) {
        try {
            byte[] bytes = (Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
            long offset = appender.size();
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                appender.write(buffer);
            }
            return offset;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to the request ledger " + file, e);
        }
    }

    private JsonNode readLine(long offset) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            long position = offset;
            while (true) {
                buffer.clear();
                int read = reader.read(buffer, position);
                if (read <= 0) {
                    break;
                }
                int newline = indexOf(buffer.array(), read, (byte) '\n');
                bytes.write(buffer.array(), 0, newline < 0 ? read : newline);
                if (newline >= 0) {
                    break;
                }
                position += read;
            }
            return Json.MAPPER.readTree(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the request ledger " + file, e);
        }
    }

    private static int indexOf(byte[] bytes, int length, byte value) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Rewrites the file with the records still inside the window and builds the index. Only the position of
     * each request's latest outcome line is held in memory, never the records themselves, and kept lines are
     * copied byte for byte, so a ledger of any size restarts in a small heap.
     */
    private void compact() throws IOException {
        Map<String, KeptLine> kept = new java.util.LinkedHashMap<>();
        long oldest = clock.millis() - window.toMillis();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                LineReader lines = new LineReader(in);
                byte[] line;
                while ((line = lines.next()) != null) {
                    keep(line, lines.lineOffset(), oldest, kept);
                }
            }
        }

        Path compacted = file.resolveSibling(FILE_NAME + ".compacting");
        long offset = 0;
        try (FileChannel source = Files.exists(file) ? FileChannel.open(file, StandardOpenOption.READ) : null;
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(compacted), 1 << 16)) {
            for (Map.Entry<String, KeptLine> entry : kept.entrySet()) {
                KeptLine line = entry.getValue();
                ByteBuffer bytes = ByteBuffer.allocate(line.length());
                while (bytes.hasRemaining() && source.read(bytes, line.offset() + bytes.position()) > 0) {
                    // Reads until the whole line is in the buffer.
                }
                out.write(bytes.array(), 0, bytes.position());
                out.write('\n');
                index.put(entry.getKey(), new IndexEntry(offset, line.recordedAtMillis(), line.delivered()));
                offset += bytes.position() + 1;
                if (line.delivered()) {
                    byte[] mark = (Json.write(Json.MAPPER.createObjectNode().put("type", "delivered")
                            .put("request_id", entry.getKey())) + "\n").getBytes(StandardCharsets.UTF_8);
                    out.write(mark);
                    offset += mark.length;
                }
            }
        }
        Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Notes a line's place when it is an outcome inside the window, or a delivered mark of a kept outcome. */
    private static void keep(byte[] line, long offset, long oldest, Map<String, KeptLine> kept) {
        LineHeader header = LineHeader.read(line);
        if (header == null) {
            LOG.warn("Skipping an unreadable request ledger line, as a crash during a write leaves");
            return;
        }
        if ("outcome".equals(header.type()) && header.recordedAtMillis() >= oldest) {
            kept.remove(header.requestId());
            kept.put(header.requestId(), new KeptLine(offset, line.length, header.recordedAtMillis(), false));
        } else if ("delivered".equals(header.type())) {
            KeptLine outcome = kept.get(header.requestId());
            if (outcome != null) {
                kept.put(header.requestId(), new KeptLine(outcome.offset(), outcome.length(),
                        outcome.recordedAtMillis(), true));
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        appender.close();
        reader.close();
    }

    /** A recorded final answer and whether its outcome has reached an endpoint. */
    public record LedgerEntry(OutcomeRecord outcome, boolean delivered) {
    }

    private record IndexEntry(long offset, long recordedAtMillis, boolean delivered) {
    }

    /** Position and length of a kept outcome line in the old file during compaction. */
    private record KeptLine(long offset, int length, long recordedAtMillis, boolean delivered) {
    }

    /** Returns the fingerprint of a request: what must match for a repeat to reuse an answer. */
    public static String fingerprint(int schoolLoginId, int apiTypeId, int state) {
        return schoolLoginId + "/" + apiTypeId + "/" + state;
    }
}
