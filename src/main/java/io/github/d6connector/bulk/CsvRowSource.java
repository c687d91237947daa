package io.github.d6connector.bulk;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.github.d6connector.input.UnreadableRequestFileException;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.ParsedRequest;
import io.github.d6connector.request.RequestValidator;

/**
 * Streams the rows of a CSV file whose header row names {@code school_login_id}, {@code api_type_id} and
 * {@code state} in any order and letter case. Other columns travel with each row into its outcome.
 *
 * <p>CSV cells are text, so {@code api_type_id} and {@code state} are accepted as digits ({@code 8},
 * {@code 1}) and then checked by the same rules as JSON numbers. An empty cell counts as a missing value.
 * Blank lines, and rows whose cells are all empty, are skipped. A row with more cells than the header is {@code INVALID}.
 */
final class CsvRowSource implements RowSource {

    private static final CsvMapper CSV = new CsvMapper();
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,30}");
    private static final List<String> REQUIRED = List.of(RequestValidator.SCHOOL_LOGIN_ID,
            RequestValidator.API_TYPE_ID, RequestValidator.STATE);

    private final CsvParser parser;
    private final RequestValidator validator;
    private final String fileName;
    private final List<String> header;
    private int firstCellLine;

    CsvRowSource(Path file, String fileName, RequestValidator validator)
            throws IOException, UnreadableRequestFileException {
        this.parser = (CsvParser) CSV.getFactory().createParser(Utf8Files.open(file));
        this.parser.enable(CsvParser.Feature.TRIM_SPACES);
        this.validator = validator;
        this.fileName = fileName;
        this.header = readHeader();
    }

    /** Returns the header's column names in file order, lower-cased; the required ones are among them. */
    List<String> header() {
        return header;
    }

    private List<String> readHeader() throws IOException, UnreadableRequestFileException {
        if (nextToken() != JsonToken.START_ARRAY) {
            throw new UnreadableRequestFileException("file is empty; expected a CSV header row naming "
                    + String.join(", ", REQUIRED));
        }
        List<String> cells = readCells();
        if (cells == null) {
            throw new UnreadableRequestFileException("file is empty; expected a CSV header row naming "
                    + String.join(", ", REQUIRED));
        }

        List<String> names = new ArrayList<>();
        for (String cell : cells) {
            String name = cell.strip().toLowerCase(Locale.ROOT);
            if (names.contains(name)) {
                throw new UnreadableRequestFileException("CSV header names the column \"" + cell + "\" twice");
            }
            names.add(name);
        }
        List<String> missing = REQUIRED.stream().filter(name -> !names.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new UnreadableRequestFileException("CSV header must name " + String.join(", ", REQUIRED)
                    + "; missing " + String.join(", ", missing) + " in header " + cells);
        }
        return List.copyOf(names);
    }

    @Override
    public BulkRow next() throws IOException, UnreadableRequestFileException {
        while (nextToken() != null) {
            List<String> cells = readCells();
            if (cells != null && !isBlank(cells)) {
                return new BulkRow(firstCellLine, toRequest(firstCellLine, cells));
            }
        }
        return null;
    }

    private static boolean isBlank(List<String> cells) {
        return cells.stream().allMatch(String::isEmpty);
    }

    private ParsedRequest toRequest(int line, List<String> cells) {
        String requestId = fileName + "#" + line;
        String source = "file:" + fileName + "#line " + line;
        Map<String, String> attributes = header.size() > REQUIRED.size() ? new LinkedHashMap<>() : Map.of();
        ObjectNode node = JsonNodeFactory.instance.objectNode();

        for (int i = 0; i < cells.size() && i < header.size(); i++) {
            String name = header.get(i);
            String value = cells.get(i);
            if (REQUIRED.contains(name)) {
                if (!value.isEmpty()) {
                    node.set(name, cellValue(name, value));
                }
            } else if (name.equals(RequestValidator.REQUEST_ID)) {
                if (!value.isEmpty()) {
                    node.put(name, value);
                }
            } else {
                attributes.put(name, value);
            }
        }

        if (cells.size() > header.size()) {
            return new InvalidRequest(requestId, source, node.get(RequestValidator.SCHOOL_LOGIN_ID),
                    node.get(RequestValidator.API_TYPE_ID), node.get(RequestValidator.STATE),
                    "line " + line + ": the row has " + cells.size() + " cells but the header names " + header.size()
                            + " columns", attributes);
        }

        if (attributes.isEmpty()) {
            attributes = Map.of();
        }
        ParsedRequest parsed = validator.validate(node, requestId, source);
        if (parsed instanceof InvalidRequest invalid) {
            return new InvalidRequest(invalid.requestId(), source, invalid.schoolLoginId(), invalid.apiTypeId(),
                    invalid.state(), "line " + line + ": " + forCsv(invalid.reason()), attributes);
        }
        var valid = (io.github.d6connector.request.ClientStateRequest) parsed;
        return new io.github.d6connector.request.ClientStateRequest(valid.requestId(), source, valid.schoolLoginId(),
                valid.apiTypeId(), valid.state(), attributes);
    }

    /** Rewords a validation reason for a CSV cell, which is text rather than a JSON value. */
    private static String forCsv(String reason) {
        return reason.replace(", as a JSON number or a string of digits", "")
                .replace(", as a JSON number", "")
                .replace("the JSON number ", "");
    }

    /** Turns a cell into the JSON value the validator checks: digits become a number except for the school id. */
    private static com.fasterxml.jackson.databind.JsonNode cellValue(String name, String value) {
        if (!name.equals(RequestValidator.SCHOOL_LOGIN_ID) && INTEGER.matcher(value).matches()) {
            return BigIntegerNode.valueOf(new BigInteger(value));
        }
        return JsonNodeFactory.instance.textNode(value);
    }

    /** Reads the cells of the row whose START_ARRAY was just read, noting the line of its first cell. */
    private List<String> readCells() throws IOException, UnreadableRequestFileException {
        List<String> cells = new ArrayList<>();
        JsonToken token;
        while ((token = nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                return cells.isEmpty() ? null : cells;
            }
            if (cells.isEmpty()) {
                firstCellLine = parser.currentTokenLocation().getLineNr();
            }
            cells.add(parser.getText());
        }
        return cells;
    }

    private JsonToken nextToken() throws IOException, UnreadableRequestFileException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw new UnreadableRequestFileException("file is not valid CSV near line "
                    + parser.currentLocation().getLineNr() + ": " + e.getOriginalMessage());
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

}
