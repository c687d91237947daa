package io.github.d6connector.bulk;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.github.d6connector.outcome.Json;

/**
 * Counts the requests of a bulk file in a quick streaming pass, so that progress can show a total. Syntax
 * errors end the count early; the reading pass reports them.
 */
final class RowCounter {

    private static final CsvMapper CSV = new CsvMapper();

    private RowCounter() {
    }

    static int count(Path file, BulkFormat format) {
        try (Reader reader = Utf8Files.open(file)) {
            return format == BulkFormat.CSV ? countCsv(reader) : countJson(reader);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int countCsv(Reader reader) throws IOException {
        int rows = 0;
        try (CsvParser parser = (CsvParser) CSV.getFactory().createParser(reader)) {
            boolean blank = true;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    blank = true;
                } else if (token == JsonToken.END_ARRAY) {
                    rows += blank ? 0 : 1;
                } else if (!parser.getText().isEmpty()) {
                    blank = false;
                }
            }
        }
        return Math.max(0, rows - 1);
    }

    private static int countJson(Reader reader) throws IOException {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                return first == null ? 0 : 1;
            }
            int items = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                parser.skipChildren();
                items++;
            }
            return items;
        }
    }
}
