package io.github.d6connector.bulk;

import java.io.IOException;
import java.io.Writer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.d6connector.outcome.Json;

/**
 * Writes a JSON report: an array with one object per input row, holding {@code line}, every field of the
 * outcome record and {@code duplicate_of}.
 */
final class JsonReportWriter implements ReportWriter {

    private final JsonGenerator generator;

    JsonReportWriter(Writer writer) throws IOException {
        this.generator = Json.MAPPER.getFactory().createGenerator(writer).useDefaultPrettyPrinter();
        generator.writeStartArray();
    }

    @Override
    public void write(ReportRow row) throws IOException {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("line", row.line());
        node.setAll((ObjectNode) Json.MAPPER.valueToTree(row.outcome()));
        if (row.duplicateOf() == null) {
            node.putNull("duplicate_of");
        } else {
            node.put("duplicate_of", row.duplicateOf());
        }
        Json.MAPPER.writeTree(generator, node);
    }

    @Override
    public void close() throws IOException {
        generator.writeEndArray();
        generator.writeRaw(System.lineSeparator());
        generator.close();
    }
}
