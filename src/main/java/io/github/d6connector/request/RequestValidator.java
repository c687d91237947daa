package io.github.d6connector.request;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Validates one request object before anything is sent to d6.
 *
 * <p>The rules, also listed in the README:
 * <ul>
 *   <li>{@code school_login_id}: a JSON integer, or a string of 1 to 10 ASCII digits without a leading zero
 *       (d6 itself returns the id as a string), from 1 to 2147483647.</li>
 *   <li>{@code api_type_id}: a JSON integer from 1 to 2147483647. A string such as {@code "8"} is invalid.</li>
 *   <li>{@code state}: the JSON integer 0 or 1. Booleans, strings, fractions and {@code 1.0} are invalid.</li>
 *   <li>{@code request_id}: optional string of 1 to 128 characters from {@code A-Z a-z 0-9 . _ : -}.</li>
 *   <li>A missing or {@code null} field is invalid and never defaults to 0. Any other field is invalid.</li>
 * </ul>
 */
public final class RequestValidator {

    public static final String SCHOOL_LOGIN_ID = "school_login_id";
    public static final String API_TYPE_ID = "api_type_id";
    public static final String STATE = "state";
    public static final String REQUEST_ID = "request_id";

    private static final List<String> FIELDS = List.of(SCHOOL_LOGIN_ID, API_TYPE_ID, STATE, REQUEST_ID);
    private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{0,9}");
    private static final Pattern REQUEST_ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final BigInteger MAX_ID = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final int MAX_VALUE_CHARS = 40;

    /**
     * Validates a request object that carries all three fields.
     *
     * @param node             the parsed JSON value, expected to be an object
     * @param defaultRequestId request id to use when the object has no valid {@code request_id}
     * @param source           where the request came from
     */
    public ParsedRequest validate(JsonNode node, String defaultRequestId, String source) {
        if (node == null || !node.isObject()) {
            return new InvalidRequest(defaultRequestId, source, null, null, null,
                    "request must be a JSON object with school_login_id, api_type_id and state, got "
                            + describe(node));
        }

        return validateFields(node, node.get(SCHOOL_LOGIN_ID), FIELDS, defaultRequestId, source);
    }

    /**
     * Validates a REST request, where the school id comes from the URL path and the body holds the rest.
     */
    public ParsedRequest validateWithPathSchool(String pathSchoolId, JsonNode body, String defaultRequestId,
                                                String source) {
        JsonNode schoolLoginId = pathSchoolId == null ? null : TextNode.valueOf(pathSchoolId);
        if (body == null || !body.isObject()) {
            return new InvalidRequest(defaultRequestId, source, schoolLoginId, null, null,
                    "request body must be a JSON object with api_type_id and state, got " + describe(body));
        }

        return validateFields(body, schoolLoginId, List.of(API_TYPE_ID, STATE, REQUEST_ID), defaultRequestId,
                source);
    }

    /**
     * Validates a school login id taken from a URL path with the rules of the field: 1 to 10 digits without a
     * leading zero, from 1 to 2147483647.
     *
     * @throws IllegalArgumentException with the reason, which names the value, when the id is invalid
     */
    public int validateSchoolLoginId(String pathSchoolId) {
        JsonNode node = pathSchoolId == null ? null : TextNode.valueOf(pathSchoolId);
        try {
            return positiveId(SCHOOL_LOGIN_ID, node, true);
        } catch (FieldException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private ParsedRequest validateFields(JsonNode node, JsonNode schoolLoginIdNode, List<String> allowedFields,
                                         String defaultRequestId, String source) {
        JsonNode apiTypeIdNode = node.get(API_TYPE_ID);
        JsonNode stateNode = node.get(STATE);
        String requestId = defaultRequestId;
        try {
            rejectUnknownFields(node, allowedFields);
            requestId = requestIdOf(node.get(REQUEST_ID), defaultRequestId);

            int schoolLoginId = positiveId(SCHOOL_LOGIN_ID, schoolLoginIdNode, true);
            int apiTypeId = positiveId(API_TYPE_ID, apiTypeIdNode, false);
            int state = stateOf(stateNode);

            return new ClientStateRequest(requestId, source, schoolLoginId, apiTypeId, state);
        } catch (FieldException e) {
            return new InvalidRequest(requestId, source, schoolLoginIdNode, apiTypeIdNode, stateNode, e.getMessage());
        }
    }

    private static void rejectUnknownFields(JsonNode node, List<String> allowedFields) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw new FieldException("unknown field " + quote(name) + "; allowed fields are "
                        + String.join(", ", allowedFields));
            }
        }
    }

    private static String requestIdOf(JsonNode node, String defaultRequestId) {
        if (node == null) {
            return defaultRequestId;
        }
        if (!node.isTextual() || !REQUEST_ID_PATTERN.matcher(node.textValue()).matches()) {
            throw new FieldException("request_id must be a string of 1 to 128 letters, digits or . _ : -, got "
                    + describe(node));
        }
        return node.textValue();
    }

    private static int positiveId(String field, JsonNode node, boolean digitStringAllowed) {
        String expected = digitStringAllowed
                ? "a whole number from 1 to 2147483647, as a JSON number or a string of digits"
                : "a whole number from 1 to 2147483647, as a JSON number";
        requirePresent(field, node, expected);

        BigInteger value;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else if (digitStringAllowed && node.isTextual() && DIGITS.matcher(node.textValue()).matches()) {
            value = new BigInteger(node.textValue());
        } else {
            throw new FieldException(field + " must be " + expected + ", got " + describe(node));
        }

        if (value.signum() <= 0 || value.compareTo(MAX_ID) > 0) {
            throw new FieldException(field + " must be " + expected + ", got " + describe(node));
        }
        return value.intValue();
    }

    private static int stateOf(JsonNode node) {
        String expected = "the JSON number 0 (deactivate) or 1 (activate)";
        requirePresent(STATE, node, expected);

        if (!node.isIntegralNumber() || !node.canConvertToInt() || (node.intValue() != 0 && node.intValue() != 1)) {
            throw new FieldException("state must be " + expected + ", got " + describe(node));
        }
        return node.intValue();
    }

    private static void requirePresent(String field, JsonNode node, String expected) {
        if (node == null || node.isMissingNode()) {
            throw new FieldException(field + " is missing; it must be " + expected);
        }
        if (node.isNull()) {
            throw new FieldException(field + " is null; it must be " + expected);
        }
    }

    /**
     * Describes a received value for an error message: its JSON text, shortened, with its kind where the text
     * alone would be ambiguous.
     */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        if (text.length() > MAX_VALUE_CHARS) {
            text = text.substring(0, MAX_VALUE_CHARS) + "...";
        }
        if (node.isTextual()) {
            return "the string " + text;
        }
        if (node.isArray()) {
            return "an array " + text;
        }
        if (node.isObject()) {
            return "an object " + text;
        }
        return text;
    }

    private static String quote(String text) {
        String shortened = text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "..." : text;
        return "\"" + shortened + "\"";
    }

    /** A validation failure of one field; its message is the reason shown to the caller. */
    private static final class FieldException extends RuntimeException {

        FieldException(String message) {
            super(message, null, false, false);
        }
    }
}
