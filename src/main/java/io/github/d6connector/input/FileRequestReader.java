package io.github.d6connector.input;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.request.ParsedRequest;
import io.github.d6connector.request.RequestValidator;

/**
 * Reads a dropped {@code .json} file holding one request object or an array of them into a list of parsed
 * requests. Each array item becomes its own request with the id {@code <file name>#<item number>} unless it
 * carries a {@code request_id}.
 */
public final class FileRequestReader implements Processor {

    private final RequestValidator validator;

    public FileRequestReader(RequestValidator validator) {
        this.validator = validator;
    }

    @Override
    public void process(Exchange exchange) throws UnreadableRequestFileException {
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw new UnreadableRequestFileException("file is empty; expected a JSON object or an array of objects");
        }

        JsonNode root;
        try {
            root = Json.parse(stripByteOrderMark(text));
        } catch (JsonProcessingException e) {
            throw new UnreadableRequestFileException("file is not valid JSON: " + Json.describeSyntaxError(e));
        }

        List<ParsedRequest> requests = new ArrayList<>();
        if (root.isObject()) {
            requests.add(validator.validate(root, fileName + "#1", "file:" + fileName));
        } else if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                int item = i + 1;
                requests.add(validator.validate(root.get(i), fileName + "#" + item, "file:" + fileName + "#" + item));
            }
        } else {
            throw new UnreadableRequestFileException(
                    "file must hold a JSON object or an array of objects, got " + root.getNodeType().name()
                            .toLowerCase(java.util.Locale.ROOT));
        }
        exchange.getMessage().setBody(requests);
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
