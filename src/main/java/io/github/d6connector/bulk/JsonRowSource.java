package io.github.d6connector.bulk;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.d6connector.input.UnreadableRequestFileException;
import io.github.d6connector.outcome.Json;
import io.github.d6connector.request.RequestValidator;

/**
 * Streams the requests of a JSON file holding one request object or an array of them. Each array item
 * becomes a request with the id {@code <file name>#<item number>} unless it carries a {@code request_id}.
 */
final class JsonRowSource implements RowSource {

    private final JsonParser parser;
    private final RequestValidator validator;
    private final String fileName;
    private boolean array;
    private boolean finished;
    private int item;

    JsonRowSource(Path file, String fileName, RequestValidator validator)
            throws IOException, UnreadableRequestFileException {
        this.parser = Json.MAPPER.getFactory().createParser(Utf8Files.open(file));
        this.validator = validator;
        this.fileName = fileName;
        start();
    }

    private void start() throws IOException, UnreadableRequestFileException {
        JsonToken first = nextToken();
        if (first == null) {
            throw new UnreadableRequestFileException("file is empty; expected a JSON object or an array of objects");
        }
        if (first == JsonToken.START_ARRAY) {
            array = true;
        } else if (first != JsonToken.START_OBJECT) {
            throw new UnreadableRequestFileException(
                    "file must hold a JSON object or an array of objects, got " + describe(first));
        }
    }

    @Override
    public BulkRow next() throws IOException, UnreadableRequestFileException {
        if (finished) {
            return null;
        }
        if (array && nextToken() == JsonToken.END_ARRAY) {
            finished = true;
            requireEndOfFile();
            return null;
        }

        int line = parser.currentTokenLocation().getLineNr();
        JsonNode node;
        try {
            node = Json.STREAM_READER.readTree(parser);
        } catch (JsonProcessingException e) {
            throw new UnreadableRequestFileException("file is not valid JSON: " + Json.describeSyntaxError(e));
        }
        item++;
        if (!array) {
            finished = true;
            requireEndOfFile();
        }
        String source = array ? "file:" + fileName + "#" + item : "file:" + fileName;
        return new BulkRow(line, validator.validate(node, fileName + "#" + item, source));
    }

    private void requireEndOfFile() throws IOException, UnreadableRequestFileException {
        if (nextToken() != null) {
            throw new UnreadableRequestFileException("file holds more than one JSON value; expected a single "
                    + "object or array (line " + parser.currentTokenLocation().getLineNr() + ")");
        }
    }

    private JsonToken nextToken() throws IOException, UnreadableRequestFileException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw new UnreadableRequestFileException("file is not valid JSON: " + Json.describeSyntaxError(e));
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString();
        };
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
