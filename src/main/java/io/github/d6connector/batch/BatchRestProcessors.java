package io.github.d6connector.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.d6connector.bulk.BulkFormat;
import io.github.d6connector.input.RestCallRefusedException;
import io.github.d6connector.outcome.Json;
import io.github.d6connector.request.RequestProperties;

/**
 * The REST side of batches: {@code POST /api/v1/batches} stores a JSON array or CSV body and responds with 202
 * with the batch id and a {@code Location}; {@code GET /api/v1/batches/{batchId}} responds with the status,
 * progress counts and, once finished, the report.
 */
public final class BatchRestProcessors {

    private final BatchStore store;

    public BatchRestProcessors(BatchStore store) {
        this.store = store;
    }

    /** Handles {@code POST /api/v1/batches}. */
    public Processor create() {
        return exchange -> {
            Message message = exchange.getMessage();
            BulkFormat format = formatOf(message.getHeader(Exchange.CONTENT_TYPE, String.class));
            String body = message.getBody(String.class);
            if (body == null || body.isBlank()) {
                throw new RestCallRefusedException(400, "invalid_request",
                        "request body is empty; send a JSON array of requests or a CSV with a header row");
            }

            String id = store.create(body, format, exchange.getProperty(RequestProperties.CALLER, String.class));
            write(message, 202, Json.write(new BatchAccepted(id, "QUEUED", location(id))));
            message.setHeader("Location", location(id));
        };
    }

    /** Handles {@code GET /api/v1/batches/{batchId}}. */
    public Processor status() {
        return exchange -> {
            String id = exchange.getMessage().getHeader("batchId", String.class);
            Optional<ObjectNode> status = store.status(id);
            if (status.isEmpty()) {
                throw new RestCallRefusedException(404, "not_found", "no batch with id " + shorten(id));
            }

            ObjectNode answer = status.get();
            Optional<Path> report = store.report(id, answer.path("format").asText("json"));
            if (report.isPresent() && !"RUNNING".equals(answer.path("state").asText())) {
                answer.set("report", reportContent(report.get(), answer.path("format").asText()));
            }
            write(exchange.getMessage(), 200, Json.write(answer));
        };
    }

    private static com.fasterxml.jackson.databind.JsonNode reportContent(Path report, String format)
            throws IOException {
        String text = Files.readString(report, StandardCharsets.UTF_8);
        return "csv".equals(format) ? Json.MAPPER.getNodeFactory().textNode(text) : Json.MAPPER.readTree(text);
    }

    private static BulkFormat formatOf(String contentType) throws RestCallRefusedException {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return BulkFormat.JSON;
        }
        if (mediaType.equals("text/csv")) {
            return BulkFormat.CSV;
        }
        throw new RestCallRefusedException(415, "unsupported_media_type",
                "Content-Type must be application/json (a JSON array of requests) or text/csv, got "
                        + (contentType == null ? "none" : "\"" + shorten(contentType) + "\""));
    }

    private static String location(String id) {
        return "/api/v1/batches/" + id;
    }

    private static void write(Message message, int status, String json) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json);
    }

    private static String shorten(String text) {
        if (text == null) {
            return "none";
        }
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
