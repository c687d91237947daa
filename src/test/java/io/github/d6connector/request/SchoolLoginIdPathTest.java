package io.github.d6connector.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchoolLoginIdPathTest {

    private final RequestValidator validator = new RequestValidator();

    @ParameterizedTest
    @ValueSource(strings = {"1", "1000", "2147483647"})
    void validIdAccepted(String id) {
        assertThat(validator.validateSchoolLoginId(id)).isEqualTo(Integer.parseInt(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "01000", "-1", "+1", "1e3", "abc", "2147483648", "12345678901", " 1000"})
    void invalidIdRejectedWithValue(String id) {
        assertThatThrownBy(() -> validator.validateSchoolLoginId(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("school_login_id must be a whole number from 1 to 2147483647")
                .hasMessageContaining("\"" + id + "\"");
    }
}
