package io.github.d6connector.d6;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class D6ErrorBodyTest {

    @Test
    void d6ShapeGivesErrorAndDescription() {
        D6ErrorBody body = D6ErrorBody.parse(
                "{\"error\":\"invalid_request\",\"error_description\":\"School 1000 has not authorised API type 8\"}");

        assertThat(body.error()).isEqualTo("invalid_request");
        assertThat(body.description()).isEqualTo("School 1000 has not authorised API type 8");
    }

    @Test
    void descriptionAloneIsRead() {
        D6ErrorBody body = D6ErrorBody.parse("{\"error_description\":\"Unknown school\"}");

        assertThat(body.error()).isNull();
        assertThat(body.description()).isEqualTo("Unknown school");
    }

    @Test
    void errorAloneIsRead() {
        D6ErrorBody body = D6ErrorBody.parse("{\"error\":\"not_found\"}");

        assertThat(body.error()).isEqualTo("not_found");
        assertThat(body.description()).isNull();
    }

    @Test
    void jsonNullFieldsAreNull() {
        D6ErrorBody body = D6ErrorBody.parse("{\"error\":null,\"error_description\":null}");

        assertThat(body.error()).isNull();
        assertThat(body.description()).isNull();
    }

    @Test
    void nonTextDescriptionKeepsItsJson() {
        D6ErrorBody body = D6ErrorBody.parse("{\"error\":42,\"error_description\":{\"field\":\"state\"}}");

        assertThat(body.error()).isEqualTo("42");
        assertThat(body.description()).isEqualTo("{\"field\":\"state\"}");
    }

    @Test
    void descriptionWhitespaceIsCollapsed() {
        D6ErrorBody body = D6ErrorBody.parse("{\"error_description\":\"  line one\\n\\tline two  \"}");

        assertThat(body.description()).isEqualTo("line one line two");
    }

    @Test
    void longDescriptionIsShortened() {
        D6ErrorBody body = D6ErrorBody.parse("{\"error_description\":\"" + "d".repeat(400) + "\"}");

        assertThat(body.description()).isEqualTo("d".repeat(300) + "...");
    }

    @Test
    void jsonOfOtherShapeKeepsItsText() {
        D6ErrorBody body = D6ErrorBody.parse("{\"message\": \"Too many requests\"}");

        assertThat(body.error()).isNull();
        assertThat(body.description()).isEqualTo("{\"message\": \"Too many requests\"}");
    }

    @Test
    void jsonArrayKeepsItsText() {
        D6ErrorBody body = D6ErrorBody.parse("[]");

        assertThat(body.error()).isNull();
        assertThat(body.description()).isEqualTo("[]");
    }

    @Test
    void plainTextKeepsItsText() {
        D6ErrorBody body = D6ErrorBody.parse("Service Unavailable");

        assertThat(body.error()).isNull();
        assertThat(body.description()).isEqualTo("Service Unavailable");
    }

    @Test
    void htmlPageIsCollapsedToOneLine() {
        D6ErrorBody body = D6ErrorBody.parse("<html>\n  <body>\n    <h1>502 Bad Gateway</h1>\n  </body>\n</html>\n");

        assertThat(body.description()).isEqualTo("<html> <body> <h1>502 Bad Gateway</h1> </body> </html>");
    }

    @Test
    void longTextIsShortenedTo300Characters() {
        D6ErrorBody body = D6ErrorBody.parse("x".repeat(1000));

        assertThat(body.description()).isEqualTo("x".repeat(300) + "...");
    }

    @Test
    void textOfExactly300CharactersIsKept() {
        D6ErrorBody body = D6ErrorBody.parse("y".repeat(300));

        assertThat(body.description()).isEqualTo("y".repeat(300));
    }

    @Test
    void truncatedJsonKeepsItsText() {
        D6ErrorBody body = D6ErrorBody.parse("{\"error\":\"invalid_req");

        assertThat(body.error()).isNull();
        assertThat(body.description()).isEqualTo("{\"error\":\"invalid_req");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n"})
    void emptyBodyHasNoFields(String text) {
        D6ErrorBody body = D6ErrorBody.parse(text);

        assertThat(body.error()).isNull();
        assertThat(body.description()).isNull();
    }
}
