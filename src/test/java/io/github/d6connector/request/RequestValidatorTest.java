package io.github.d6connector.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.d6connector.outcome.Json;

class RequestValidatorTest {

    private static final String DEFAULT_ID = "default-id";
    private static final String SOURCE = "test:validator";
    private static final String VALID_BODY = "{\"api_type_id\":8,\"state\":1}";

    private final RequestValidator validator = new RequestValidator();

    static Stream<Arguments> validRequests() {
        return Stream.of(
                arguments("{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1}", 1000, 8, 1),
                arguments("{\"school_login_id\":\"1000\",\"api_type_id\":8,\"state\":1}", 1000, 8, 1),
                arguments("{\"school_login_id\":2147483647,\"api_type_id\":8,\"state\":1}", 2147483647, 8, 1),
                arguments("{\"school_login_id\":\"2147483647\",\"api_type_id\":8,\"state\":1}", 2147483647, 8, 1),
                arguments("{\"school_login_id\":1,\"api_type_id\":8,\"state\":0}", 1, 8, 0),
                arguments("{\"school_login_id\":1000,\"api_type_id\":2147483647,\"state\":1}", 1000, 2147483647, 1),
                arguments("{\"state\":0,\"api_type_id\":9,\"school_login_id\":1001}", 1001, 9, 0));
    }

    /**
     * Invalid requests with the field the reason must name and the text that shows the received value in the
     * reason. The other two fields are always valid, so only the field under test can be the cause.
     */
    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                arguments(withSchool("\"01000\""), "school_login_id", "the string \"01000\""),
                arguments(withSchool("\"abc\""), "school_login_id", "the string \"abc\""),
                arguments(withSchool("\"12/../34\""), "school_login_id", "the string \"12/../34\""),
                arguments(withSchool("-5"), "school_login_id", "got -5"),
                arguments(withSchool("0"), "school_login_id", "got 0"),
                arguments(withSchool("1.5"), "school_login_id", "got 1.5"),
                arguments(withSchool("true"), "school_login_id", "got true"),
                arguments(withSchool("null"), "school_login_id", "is null"),
                arguments("{\"api_type_id\":8,\"state\":1}", "school_login_id", "is missing"),
                arguments(withSchool("2147483648"), "school_login_id", "got 2147483648"),
                arguments(withSchool("99999999999"), "school_login_id", "got 99999999999"),
                arguments(withSchool("\"\""), "school_login_id", "the string \"\""),

                arguments(withApiType("\"8\""), "api_type_id", "the string \"8\""),
                arguments(withApiType("0"), "api_type_id", "got 0"),
                arguments(withApiType("-1"), "api_type_id", "got -1"),
                arguments(withApiType("99999999999"), "api_type_id", "got 99999999999"),
                arguments(withApiType("null"), "api_type_id", "is null"),
                arguments("{\"school_login_id\":1000,\"state\":1}", "api_type_id", "is missing"),

                arguments(withState("2"), "state", "got 2"),
                arguments(withState("-1"), "state", "got -1"),
                arguments(withState("1.9"), "state", "got 1.9"),
                arguments(withState("true"), "state", "got true"),
                arguments(withState("\"1\""), "state", "the string \"1\""),
                arguments(withState("null"), "state", "is null"),
                arguments("{\"school_login_id\":1000,\"api_type_id\":8}", "state", "is missing"),

                arguments("{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1,\"School_Login_Id\":5}",
                        "unknown field", "\"School_Login_Id\""),
                arguments("{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1,\"comment\":\"x\"}",
                        "unknown field", "\"comment\""),

                arguments(withRequestId("\"has space\""), "request_id", "the string \"has space\""),
                arguments(withRequestId("\"\""), "request_id", "the string \"\""),
                arguments(withRequestId("42"), "request_id", "got 42"),
                arguments(withRequestId("\"a/b\""), "request_id", "the string \"a/b\""),
                arguments(withRequestId("\"" + "r".repeat(129) + "\""), "request_id", "\"" + "r".repeat(39)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRequests")
    void validateAcceptsValidRequest(String json, int school, int apiType, int state) throws Exception {
        ParsedRequest parsed = validator.validate(Json.parse(json), DEFAULT_ID, SOURCE);

        assertThat(parsed).isEqualTo(new ClientStateRequest(DEFAULT_ID, SOURCE, school, apiType, state));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void validateRejectsInvalidRequest(String json, String field, String quotedValue) throws Exception {
        JsonNode node = Json.parse(json);

        ParsedRequest parsed = validator.validate(node, DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        InvalidRequest invalid = (InvalidRequest) parsed;
        assertThat(invalid.reason()).contains(field);
        assertThat(invalid.reason()).contains(quotedValue);
        assertThat(invalid.requestId()).isEqualTo(DEFAULT_ID);
        assertThat(invalid.source()).isEqualTo(SOURCE);
        assertThat(invalid.schoolLoginId()).isEqualTo(node.get("school_login_id"));
        assertThat(invalid.apiTypeId()).isEqualTo(node.get("api_type_id"));
        assertThat(invalid.state()).isEqualTo(node.get("state"));
    }

    static Stream<Arguments> decimalsWithTrailingZero() {
        return Stream.of(
                arguments(withSchool("1000.0"), "school_login_id", "got 1000.0"),
                arguments(withApiType("8.0"), "api_type_id", "got 8.0"),
                arguments(withState("1.0"), "state", "got 1.0"));
    }

    /** A reason of "got 1" for a received 1.0 reads as if a valid value had been rejected. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("decimalsWithTrailingZero")
    void validateQuotesDecimalAsSent(String json, String field, String quotedValue) throws Exception {
        ParsedRequest parsed = validator.validate(Json.parse(json), DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        InvalidRequest invalid = (InvalidRequest) parsed;
        assertThat(invalid.reason()).contains(field);
        assertThat(invalid.reason()).contains(quotedValue);
    }

    @Test
    void validateKeepsValidRequestId() throws Exception {
        ParsedRequest parsed = validator.validate(Json.parse(withRequestId("\"Batch-7_a.b:c\"")), DEFAULT_ID, SOURCE);

        assertThat(parsed).isEqualTo(new ClientStateRequest("Batch-7_a.b:c", SOURCE, 1000, 8, 1));
    }

    @Test
    void validateAcceptsRequestIdOf128Characters() throws Exception {
        String requestId = "r".repeat(128);

        ParsedRequest parsed = validator.validate(Json.parse(withRequestId("\"" + requestId + "\"")), DEFAULT_ID,
                SOURCE);

        assertThat(parsed).isEqualTo(new ClientStateRequest(requestId, SOURCE, 1000, 8, 1));
    }

    @Test
    void validateKeepsRequestIdOfInvalidRequest() throws Exception {
        String json = "{\"school_login_id\":\"abc\",\"api_type_id\":8,\"state\":1,\"request_id\":\"r-1\"}";

        ParsedRequest parsed = validator.validate(Json.parse(json), DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        assertThat(parsed.requestId()).isEqualTo("r-1");
    }

    static Stream<Arguments> nonObjects() {
        return Stream.of(
                arguments("[1000,8,1]", "an array [1000,8,1]"),
                arguments("\"school 1000\"", "the string \"school 1000\""),
                arguments("null", "got null"),
                arguments("1000", "got 1000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonObjects")
    void validateRejectsNonObject(String json, String quotedValue) throws Exception {
        ParsedRequest parsed = validator.validate(Json.parse(json), DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        InvalidRequest invalid = (InvalidRequest) parsed;
        assertThat(invalid.reason()).contains("JSON object");
        assertThat(invalid.reason()).contains(quotedValue);
        assertThat(invalid.requestId()).isEqualTo(DEFAULT_ID);
    }

    @Test
    void validateRejectsMissingNode() {
        ParsedRequest parsed = validator.validate(null, DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        assertThat(((InvalidRequest) parsed).reason()).contains("JSON object");
    }

    @Test
    void validateShortensLongValueInReason() throws Exception {
        String longValue = "x".repeat(500);

        ParsedRequest parsed = validator.validate(Json.parse(withSchool("\"" + longValue + "\"")), DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        assertThat(((InvalidRequest) parsed).reason()).doesNotContain(longValue);
        assertThat(((InvalidRequest) parsed).reason()).contains("...");
    }

    static Stream<Arguments> validPathSchools() {
        return Stream.of(
                arguments("1000", 1000),
                arguments("1", 1),
                arguments("2147483647", 2147483647));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPathSchools")
    void validateWithPathSchoolAcceptsSchool(String pathSchool, int school) throws Exception {
        ParsedRequest parsed = validator.validateWithPathSchool(pathSchool, Json.parse(VALID_BODY), DEFAULT_ID,
                SOURCE);

        assertThat(parsed).isEqualTo(new ClientStateRequest(DEFAULT_ID, SOURCE, school, 8, 1));
    }

    static Stream<Arguments> invalidPathSchools() {
        return Stream.of(
                arguments("abc", "the string \"abc\""),
                arguments("-5", "the string \"-5\""),
                arguments("0", "the string \"0\""),
                arguments("01000", "the string \"01000\""),
                arguments("12/../34", "the string \"12/../34\""),
                arguments("1.5", "the string \"1.5\""),
                arguments("2147483648", "the string \"2147483648\""),
                arguments("99999999999", "the string \"99999999999\""),
                arguments("", "the string \"\""),
                arguments(" 1000", "the string \" 1000\""),
                arguments("1000 ", "the string \"1000 \""));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("invalidPathSchools")
    void validateWithPathSchoolRejectsSchool(String pathSchool, String quotedValue) throws Exception {
        ParsedRequest parsed = validator.validateWithPathSchool(pathSchool, Json.parse(VALID_BODY), DEFAULT_ID,
                SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        InvalidRequest invalid = (InvalidRequest) parsed;
        assertThat(invalid.reason()).contains("school_login_id");
        assertThat(invalid.reason()).contains(quotedValue);
        assertThat(invalid.schoolLoginId().textValue()).isEqualTo(pathSchool);
    }

    @Test
    void validateWithPathSchoolRejectsMissingSchool() throws Exception {
        ParsedRequest parsed = validator.validateWithPathSchool(null, Json.parse(VALID_BODY), DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        assertThat(((InvalidRequest) parsed).reason()).contains("school_login_id is missing");
    }

    @Test
    void validateWithPathSchoolRejectsSchoolInBody() throws Exception {
        JsonNode body = Json.parse("{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1}");

        ParsedRequest parsed = validator.validateWithPathSchool("1000", body, DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        InvalidRequest invalid = (InvalidRequest) parsed;
        assertThat(invalid.reason()).contains("unknown field");
        assertThat(invalid.reason()).contains("\"school_login_id\"");
    }

    @Test
    void validateWithPathSchoolRejectsDifferentSchool() throws Exception {
        JsonNode body = Json.parse("{\"school_login_id\":34,\"api_type_id\":8,\"state\":1}");

        ParsedRequest parsed = validator.validateWithPathSchool("1000", body, DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        assertThat(((InvalidRequest) parsed).reason()).contains("unknown field \"school_login_id\"");
    }

    @Test
    void validateWithPathSchoolKeepsRequestId() throws Exception {
        JsonNode body = Json.parse("{\"api_type_id\":8,\"state\":0,\"request_id\":\"rest-9\"}");

        ParsedRequest parsed = validator.validateWithPathSchool("1000", body, DEFAULT_ID, SOURCE);

        assertThat(parsed).isEqualTo(new ClientStateRequest("rest-9", SOURCE, 1000, 8, 0));
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                arguments("{\"state\":1}", "api_type_id", "is missing"),
                arguments("{\"api_type_id\":8}", "state", "is missing"),
                arguments("{\"api_type_id\":\"8\",\"state\":1}", "api_type_id", "the string \"8\""),
                arguments("{\"api_type_id\":8,\"state\":1.9}", "state", "got 1.9"),
                arguments("{\"api_type_id\":8,\"state\":true}", "state", "got true"),
                arguments("{\"api_type_id\":8,\"state\":1,\"extra\":1}", "unknown field", "\"extra\""),
                arguments("[8,1]", "JSON object", "an array [8,1]"),
                arguments("\"8,1\"", "JSON object", "the string \"8,1\""),
                arguments("null", "JSON object", "got null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void validateWithPathSchoolRejectsBody(String json, String field, String quotedValue) throws Exception {
        ParsedRequest parsed = validator.validateWithPathSchool("1000", Json.parse(json), DEFAULT_ID, SOURCE);

        assertThat(parsed).isInstanceOf(InvalidRequest.class);
        InvalidRequest invalid = (InvalidRequest) parsed;
        assertThat(invalid.reason()).contains(field);
        assertThat(invalid.reason()).contains(quotedValue);
        assertThat(invalid.schoolLoginId().textValue()).isEqualTo("1000");
    }

    private static String withSchool(String schoolLoginId) {
        return "{\"school_login_id\":" + schoolLoginId + ",\"api_type_id\":8,\"state\":1}";
    }

    private static String withApiType(String apiTypeId) {
        return "{\"school_login_id\":1000,\"api_type_id\":" + apiTypeId + ",\"state\":1}";
    }

    private static String withState(String state) {
        return "{\"school_login_id\":1000,\"api_type_id\":8,\"state\":" + state + "}";
    }

    private static String withRequestId(String requestId) {
        return "{\"school_login_id\":1000,\"api_type_id\":8,\"state\":1,\"request_id\":" + requestId + "}";
    }
}
