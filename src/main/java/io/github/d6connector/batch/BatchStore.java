package io.github.d6connector.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.d6connector.bulk.BulkFormat;
import io.github.d6connector.bulk.BulkRunListener;
import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.Outcome;

/**
 * Keeps REST batches on disk so that their status and report survive a restart of the connector.
 *
 * <p>Layout under the batch folder: {@code incoming/<id>.csv|json} waits for the batch route,
 * {@code <id>.status.json} holds the state ({@code QUEUED}, {@code RUNNING}, {@code FINISHED} or
 * {@code FAILED}) and the final counts, and {@code reports/<id>.result.csv|json} holds the report. While a
 * batch runs, its live counts come from memory.
 */
public final class BatchStore implements BulkRunListener {

    /** Exchange property with the id of the batch a bulk file belongs to. */
    public static final String BATCH_ID = "d6BatchId";

    private static final Logger LOG = LoggerFactory.getLogger(BatchStore.class);
    private static final Pattern ID_PATTERN = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path folder;
    private final Clock clock;
    private final Map<String, LiveProgress> running = new ConcurrentHashMap<>();

    public BatchStore(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    public Path incomingFolder() {
        return folder.resolve("incoming");
    }

    public Path reportFolder() {
        return folder.resolve("reports");
    }

    /**
     * Stores a new batch for the batch route to pick up and returns its id.
     *
     * @param caller name of the REST caller that posted the batch; its rows carry it into the outcome journal
     */
    public String create(String body, BulkFormat format, String caller) throws IOException {
        String id = UUID.randomUUID().toString();
        Files.createDirectories(incomingFolder());

        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("batch_id", id);
        status.put("state", "QUEUED");
        status.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
        status.put("caller", caller);
        status.put("received_at", clock.instant().toString());
        writeStatus(id, status);

        Path temporary = incomingFolder().resolve("." + id + ".tmp");
        Files.writeString(temporary, body, StandardCharsets.UTF_8);
        Files.move(temporary, incomingFolder().resolve(id + format.extension()), StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Batch {} received: {} bytes of {}", id, body.length(), format);
        return id;
    }

    /** Returns whether {@code id} has the shape of a batch id, so that it is safe to use in a file name. */
    public static boolean isValidId(String id) {
        return id != null && ID_PATTERN.matcher(id).matches();
    }

    /** Returns the batch's status, with live counts while it runs, or empty for an unknown batch. */
    public Optional<ObjectNode> status(String id) throws IOException {
        Path file = statusFile(id);
        if (!isValidId(id) || !Files.exists(file)) {
            return Optional.empty();
        }
        ObjectNode status = (ObjectNode) Json.MAPPER.readTree(file.toFile());
        LiveProgress live = running.get(id);
        if (live != null) {
            status.put("total_rows", live.total());
            status.put("rows_done", live.written().getAsInt());
            status.set("counts", Json.MAPPER.valueToTree(live.counts().get()));
        }
        return Optional.of(status);
    }

    /** Returns the name of the REST caller that posted the batch, or empty for an unknown batch. */
    public Optional<String> callerOf(String id) {
        try {
            return status(id).map(status -> status.path("caller").asText(null));
        } catch (IOException e) {
            LOG.warn("Could not read the status of batch {}", id, e);
            return Optional.empty();
        }
    }

    /** Returns the report of a finished or stopped batch, or empty when there is none. */
    public Optional<Path> report(String id, String format) {
        Path report = reportFolder().resolve(id + ".result." + format);
        return isValidId(id) && Files.exists(report) ? Optional.of(report) : Optional.empty();
    }

    @Override
    public void started(Exchange exchange, int total, IntSupplier written, Supplier<Map<Outcome, Integer>> counts) {
        String id = exchange.getProperty(BATCH_ID, String.class);
        if (id == null) {
            return;
        }
        running.put(id, new LiveProgress(total, written, counts));
        update(id, status -> {
            status.put("state", "RUNNING");
            status.put("started_at", clock.instant().toString());
            status.put("total_rows", total);
        });
    }

    @Override
    public void finished(Exchange exchange, int rows, Map<Outcome, Integer> counts, String reportName) {
        String id = exchange.getProperty(BATCH_ID, String.class);
        if (id == null) {
            return;
        }
        update(id, status -> {
            status.put("state", "FINISHED");
            status.put("finished_at", clock.instant().toString());
            status.put("rows_done", rows);
            status.set("counts", Json.MAPPER.valueToTree(counts));
        });
        running.remove(id);
    }

    @Override
    public void failed(Exchange exchange, String reason) {
        String id = exchange.getProperty(BATCH_ID, String.class);
        if (id == null) {
            return;
        }
        LiveProgress live = running.remove(id);
        update(id, status -> {
            status.put("state", "FAILED");
            status.put("finished_at", clock.instant().toString());
            status.put("reason", reason);
            if (live != null) {
                status.put("rows_done", live.written().getAsInt());
                status.set("counts", Json.MAPPER.valueToTree(live.counts().get()));
            }
        });
    }

    private void update(String id, java.util.function.Consumer<ObjectNode> change) {
        try {
            Path file = statusFile(id);
            ObjectNode status = Files.exists(file) ? (ObjectNode) Json.MAPPER.readTree(file.toFile())
                    : Json.MAPPER.createObjectNode().put("batch_id", id);
            change.accept(status);
            writeStatus(id, status);
        } catch (IOException e) {
            LOG.error("Could not update the status of batch {}", id, e);
        }
    }

    private synchronized void writeStatus(String id, ObjectNode status) throws IOException {
        Files.createDirectories(folder);
        Path temporary = folder.resolve("." + id + ".status.tmp");
        Files.writeString(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status),
                StandardCharsets.UTF_8);
        Files.move(temporary, statusFile(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path statusFile(String id) {
        return folder.resolve(id + ".status.json");
    }

    private record LiveProgress(int total, IntSupplier written, Supplier<Map<Outcome, Integer>> counts) {
    }
}
