package io.github.d6connector.outcome;

import java.io.IOException;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * The one shared Jackson mapper of the connector, configured for strict reading of requests.
 *
 * <p>Duplicate keys and trailing content are errors, and fractions keep their exact decimal text so that an
 * error message shows {@code 1.9} or {@code 1.0} as sent, rather than a binary approximation or {@code 1}.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** Reads one value at a time from a parser that goes on to further values, as streaming readers do. */
    public static final ObjectReader STREAM_READER =
            MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Parses JSON text into a tree, throwing with Jackson's description of the first syntax error. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** Writes a value as compact JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Writes one JSON object whose fields {@code fields} adds to the generator, which can embed JSON text
     * written earlier with {@link JsonGenerator#writeRawValue(String)} instead of writing that value again.
     */
    public static String writeObject(int expectedLength, ObjectFields fields) {
        StringWriter text = new StringWriter(expectedLength);
        try (JsonGenerator json = MAPPER.createGenerator(text)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Could not write a JSON object", e);
        }
        return text.toString();
    }

    /** The fields of an object that {@link #writeObject} writes. */
    @FunctionalInterface
    public interface ObjectFields {

        void write(JsonGenerator json) throws IOException;
    }

    /**
     * Describes a JSON syntax error in one line, without the echo of the input that Jackson appends.
     */
    public static String describeSyntaxError(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int detail = message.indexOf(" (start marker at");
        if (detail >= 0) {
            message = message.substring(0, detail);
        }
        message = message.replace('\n', ' ');
        if (e.getLocation() != null) {
            message += " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        }
        return message;
    }
}
