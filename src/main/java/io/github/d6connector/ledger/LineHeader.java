package io.github.d6connector.ledger;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.github.d6connector.outcome.Json;

/**
 * The fields of a ledger line that compaction needs: its type, request id and recording time. The whole line
 * is parsed, so a line cut short by a crash is recognised, but no tree of its values is built.
 */
record LineHeader(String type, String requestId, long recordedAtMillis) {

    /** Returns the header of a complete JSON object line, or {@code null} for anything else. */
    static LineHeader read(byte[] line) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            String requestId = null;
            long recordedAt = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> type = parser.getValueAsString();
                    case "request_id" -> requestId = parser.getValueAsString();
                    case "recorded_at" -> recordedAt = parser.getValueAsLong();
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            parser.skipChildren();
                        }
                    }
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null
                    || type == null || requestId == null) {
                return null;
            }
            return new LineHeader(type, requestId, recordedAt);
        } catch (IOException e) {
            return null;
        }
    }
}
