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
import java.util.Optional;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.OutcomeRecord;

/**
 * Remembers, on disk, d6's final response to every request id for a window of time, so that a request
 * received again (a JMS redelivery, a file dropped twice, a file read again after a crash) is not sent to d6
 * a second time and gets the first outcome instead.
 *
 * <p>The ledger is an append-only JSON Lines file. Each write reaches the operating system before the
 * method returns, so it survives a killed process (not a power cut, which would need an fsync per record).
 * Memory contains only an index from a hash of each request id to its file offset; an outcome is read back from
 * the file on a repeat; expired entries leave the index every {@value #PRUNE_EVERY} records. At startup, records older
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
    private final ToLongFunction<String> hashFunction;
    /**
     * Index keyed by a 64-bit hash of the request id. When a later id has the hash of an earlier one, its entry
     * replaces the earlier one's. A repeat of the earlier id then reads the other id's line, is not found and
     * goes to d6 again, and marking the earlier id delivered marks the later one. Among n ids the chance of any
     * shared hash is about n²/2^65.
     */
    private final LedgerIndex index;
    private int recordsSincePrune;
    private FileChannel appender;
    private FileChannel reader;

    public RequestLedger(Path folder, Duration window, Clock clock) throws IOException {
        this(folder, window, clock, LedgerIndex::hash);
    }

    /** Opens a ledger whose index hashes request ids with the given function, which tests use to force collisions. */
    RequestLedger(Path folder, Duration window, Clock clock, ToLongFunction<String> hashFunction) throws IOException {
        this.file = folder.resolve(FILE_NAME);
        this.window = window;
        this.clock = clock;
        this.hashFunction = hashFunction;
        this.index = new LedgerIndex(hashFunction);
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
        long oldest = clock.millis() - window.toMillis();
        LedgerIndex.Entry entry = index.get(requestId);
        if (entry == null || entry.recordedAtMillis() < oldest) {
            return Optional.empty();
        }
        JsonNode line = readLine(entry.offset());
        // The line may belong to another id with the same hash, and the index rounds times up to whole seconds.
        if (!requestId.equals(line.path("request_id").asText()) || line.path("recorded_at").asLong() < oldest) {
            return Optional.empty();
        }
        if (!fingerprint.equals(line.path("fingerprint").asText())) {
            LOG.warn("Request id {} was used before for another request ({}, now {}); it is processed as new",
                    requestId, line.path("fingerprint").asText(), fingerprint);
            return Optional.empty();
        }
        OutcomeRecord outcome = Json.MAPPER.convertValue(line.get("outcome"), OutcomeRecord.class);
        return Optional.of(new LedgerEntry(outcome, entry.delivered()));
    }

    /** Records the final d6 answer of a request. */
    public void recordOutcome(String requestId, String fingerprint, OutcomeRecord outcome) {
        recordOutcome(requestId, fingerprint, Json.write(outcome));
    }

    /** Records d6's final response to a request, given as the outcome record's JSON text. */
    public void recordOutcome(String requestId, String fingerprint, String outcomeJson) {
        long recordedAt = clock.millis();
        String line = outcomeLine(requestId, fingerprint, recordedAt, outcomeJson);

        synchronized (this) {
            long offset = append(line);
            index.put(requestId, offset, recordedAt, false);
            if (++recordsSincePrune >= PRUNE_EVERY) {
                recordsSincePrune = 0;
                index.removeRecordedBefore(clock.millis() - window.toMillis());
            }
        }
    }

    /** Records that the outcome of a request reached its success or error endpoint. */
    public synchronized void markDelivered(String requestId) {
        LedgerIndex.Entry entry = index.get(requestId);
        if (entry == null || entry.delivered()) {
            return;
        }
        append(deliveredLine(requestId));
        index.setDelivered(requestId);
    }

    /**
     * Returns the outcome line of a request, with the outcome record's JSON text as written by
     * {@link Json#MAPPER}, so no Jackson tree is built.
     */
    static String outcomeLine(String requestId, String fingerprint, long recordedAtMillis, String outcomeJson) {
        return Json.writeObject(outcomeJson.length() + 160, json -> {
            json.writeStringField("type", "outcome");
            json.writeStringField("request_id", requestId);
            json.writeStringField("fingerprint", fingerprint);
            json.writeNumberField("recorded_at", recordedAtMillis);
            json.writeFieldName("outcome");
            json.writeRawValue(outcomeJson);
        });
    }

    private static String deliveredLine(String requestId) {
        return Json.write(Json.MAPPER.createObjectNode().put("type", "delivered").put("request_id", requestId));
    }

    private long append(String line) {
        try {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
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
     * Rewrites the file with the records still inside the window and builds the index. The first pass notes the
     * offset of each request's latest outcome line in a second compact index, never the records themselves. The
     * second pass copies those lines byte for byte in file order, so a ledger of any size restarts in a small heap.
     */
    private void compact() throws IOException {
        long oldest = clock.millis() - window.toMillis();
        LedgerIndex keptOutcomes = new LedgerIndex(hashFunction);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                LineReader lines = new LineReader(in);
                byte[] line;
                while ((line = lines.next()) != null) {
                    keep(line, lines.lineOffset(), oldest, keptOutcomes);
                }
            }
        }

        Path compacted = file.resolveSibling(FILE_NAME + ".compacting");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(compacted), 1 << 16)) {
            if (keptOutcomes.size() > 0) {
                copyKeptLines(keptOutcomes, out);
            }
        }
        Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Notes a line's place when it is an outcome inside the window, or a delivered mark of a kept outcome. */
    private static void keep(byte[] line, long offset, long oldest, LedgerIndex keptOutcomes) {
        LineHeader header = LineHeader.read(line);
        if (header == null) {
            LOG.warn("Skipping an unreadable request ledger line, as a crash during a write leaves");
            return;
        }
        if ("outcome".equals(header.type()) && header.recordedAtMillis() >= oldest) {
            keptOutcomes.put(header.requestId(), offset, header.recordedAtMillis(), false);
        } else if ("delivered".equals(header.type())) {
            keptOutcomes.setDelivered(header.requestId());
        }
    }

    /** Copies the kept outcome lines, each followed by its delivered mark if it has one, and indexes them. */
    private void copyKeptLines(LedgerIndex keptOutcomes, OutputStream out) throws IOException {
        long[] keptOffsets = keptOutcomes.sortedOffsets();
        int next = 0;
        long offset = 0;
        try (InputStream in = Files.newInputStream(file)) {
            LineReader lines = new LineReader(in);
            byte[] line;
            while (next < keptOffsets.length && (line = lines.next()) != null) {
                if (lines.lineOffset() != keptOffsets[next]) {
                    continue;
                }
                next++;
                // The first pass read this line as an outcome, so it has a header.
                LineHeader header = LineHeader.read(line);
                boolean delivered = keptOutcomes.get(header.requestId()).delivered();
                out.write(line);
                out.write('\n');
                index.put(header.requestId(), offset, header.recordedAtMillis(), delivered);
                offset += line.length + 1;
                if (delivered) {
                    byte[] mark = (deliveredLine(header.requestId()) + "\n").getBytes(StandardCharsets.UTF_8);
                    out.write(mark);
                    offset += mark.length;
                }
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

    /** Returns the fingerprint of a request: what must match for a repeat to reuse an answer. */
    public static String fingerprint(int schoolLoginId, int apiTypeId, int state) {
        return schoolLoginId + "/" + apiTypeId + "/" + state;
    }
}
