package io.github.d6connector.d6;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.d6connector.outcome.Outcome;

class D6StatusPolicyTest {

    @ParameterizedTest
    @ValueSource(ints = {100, 101, 103})
    void informationalIsRejected(int status) {
        assertThat(D6StatusPolicy.isRetryable(status)).isFalse();
        assertThat(D6StatusPolicy.outcomeOf(status)).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void status200IsChanged() {
        assertThat(D6StatusPolicy.isRetryable(200)).isFalse();
        assertThat(D6StatusPolicy.outcomeOf(200)).isEqualTo(Outcome.CHANGED);
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 202, 203, 205, 206, 299})
    void otherSuccessIsChanged(int status) {
        assertThat(D6StatusPolicy.isRetryable(status)).isFalse();
        assertThat(D6StatusPolicy.outcomeOf(status)).isEqualTo(Outcome.CHANGED);
    }

    @Test
    void status204IsUnchanged() {
        assertThat(D6StatusPolicy.isRetryable(204)).isFalse();
        assertThat(D6StatusPolicy.outcomeOf(204)).isEqualTo(Outcome.UNCHANGED);
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 301, 302, 303, 304, 307, 308})
    void redirectIsRejected(int status) {
        assertThat(D6StatusPolicy.isRetryable(status)).isFalse();
        assertThat(D6StatusPolicy.outcomeOf(status)).isEqualTo(Outcome.REJECTED);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 408, 409, 410, 413, 415, 418, 422, 451, 499})
    void clientErrorIsRejected(int status) {
        assertThat(D6StatusPolicy.isRetryable(status)).isFalse();
        assertThat(D6StatusPolicy.outcomeOf(status)).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void status429IsRetried() {
        assertThat(D6StatusPolicy.isRetryable(429)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void temporaryServerErrorIsRetried(int status) {
        assertThat(D6StatusPolicy.isRetryable(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {501, 505, 507, 508, 511, 599})
    void otherServerErrorIsRejected(int status) {
        assertThat(D6StatusPolicy.isRetryable(status)).isFalse();
        assertThat(D6StatusPolicy.outcomeOf(status)).isEqualTo(Outcome.REJECTED);
    }
}
