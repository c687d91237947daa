package io.github.d6connector.bulk;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.github.d6connector.outcome.OutcomeRecord;

/**
 * Writes a CSV report: a header row, then one row per input row in input order. The extra columns of the
 * input follow the report's own columns, under their names from the input header. A missing value is an
 * empty cell.
 */
final class CsvReportWriter implements ReportWriter {

    static final List<String> COLUMNS = List.of("line", "request_id", "school_login_id", "api_type_id", "state",
            "outcome", "http_status", "d6_error", "d6_error_description", "reason", "attempts", "duplicate_of");

    private static final CsvMapper CSV = new CsvMapper();

    private final List<String> extraColumns;
    private final SequenceWriter sequence;

    CsvReportWriter(Writer writer, List<String> extraColumns) throws IOException {
        this.extraColumns = List.copyOf(extraColumns);
        List<String> all = new ArrayList<>(COLUMNS);
        for (String extra : extraColumns) {
            all.add(COLUMNS.contains(extra) ? "input_" + extra : extra);
        }
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        all.forEach(schema::addColumn);
        this.sequence = CSV.writer(schema.build()).writeValues(writer);
    }

    @Override
    public void write(ReportRow row) throws IOException {
        OutcomeRecord outcome = row.outcome();
        List<Object> cells = new ArrayList<>(COLUMNS.size() + extraColumns.size());
        cells.add(row.line());
        cells.add(outcome.requestId());
        cells.add(text(outcome.schoolLoginId()));
        cells.add(text(outcome.apiTypeId()));
        cells.add(text(outcome.state()));
        cells.add(outcome.outcome().name());
        cells.add(outcome.httpStatus());
        cells.add(outcome.d6Error());
        cells.add(outcome.d6ErrorDescription());
        cells.add(outcome.reason());
        cells.add(outcome.attempts());
        cells.add(row.duplicateOf());

        Map<String, String> attributes = outcome.attributes() == null ? Map.of() : outcome.attributes();
        for (String extra : extraColumns) {
            cells.add(attributes.get(extra));
        }
        cells.replaceAll(cell -> cell == null ? "" : cell);
        sequence.write(cells);
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    @Override
    public void close() throws IOException {
        sequence.close();
    }

}
