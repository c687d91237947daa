package io.github.d6connector.d6;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.d6connector.outcome.Outcome;

class D6V2ResponsesTest {

    private final D6V2Responses answers = new D6V2Responses();

    @Test
    void successFalseOn200Rejected() {
        D6Result answer = answers.outcomeOf(200, "{\"success\": false, \"message\": \"Not processed\"}");

        assertThat(answer).isEqualTo(new D6Result(Outcome.REJECTED, "Not processed", "Not processed"));
    }

    @Test
    void status204Unchanged() {
        assertThat(answers.outcomeOf(204, "").outcome()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void alreadyWithValidationErrorsRejected() {
        D6Result answer = answers.outcomeOf(400, "{\"message\": \"Already validated\","
                + " \"validation_errors\": {\"state\": [\"Invalid.\"]}}");

        assertThat(answer.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(answer.d6ErrorDescription()).isEqualTo("state: Invalid.");
    }

    @Test
    void alreadyOn401Rejected() {
        assertThat(answers.outcomeOf(401, "{\"message\": \"Client already revoked access\"}").outcome())
                .isEqualTo(Outcome.REJECTED);
    }

    @Test
    void v1ShapedErrorStillRead() {
        D6ErrorBody error = answers.errorOf("{\"error\": \"Bad Request\", \"error_description\": \"Invalid state\"}");

        assertThat(error).isEqualTo(new D6ErrorBody("Bad Request", "Invalid state"));
    }

    @Test
    void plainTextErrorKeptAsDescription() {
        assertThat(answers.outcomeOf(400, "upstream proxy error").d6ErrorDescription())
                .isEqualTo("upstream proxy error");
    }
}
