package io.github.d6connector.d6;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    /** 2026-03-01T12:00:00Z, a Sunday. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void secondsBecomeDuration() {
        assertThat(RetryAfter.parse("120", CLOCK)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void zeroSecondsIsZero() {
        assertThat(RetryAfter.parse("0", CLOCK)).isEqualTo(Duration.ZERO);
    }

    @Test
    void secondsWithSurroundingSpacesAreRead() {
        assertThat(RetryAfter.parse(" 7 ", CLOCK)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void secondsWithLeadingZerosAreRead() {
        assertThat(RetryAfter.parse("007", CLOCK)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void httpDateInFutureIsWaitUntilThen() {
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:30 GMT", CLOCK)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void httpDateWithNumericOffsetIsRead() {
        assertThat(RetryAfter.parse("Sun, 1 Mar 2026 14:01:00 +0200", CLOCK)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void httpDateNowIsZero() {
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
    }

    @Test
    void httpDateInPastIsZero() {
        assertThat(RetryAfter.parse("Sat, 28 Feb 2026 08:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5", "1.5", "2s", "+3", "Sun, 01 Mar 2026", "2026-03-01T12:00:30Z",
            "Sun, 32 Mar 2026 12:00:30 GMT", "99999999999999999999"})
    void unreadableValueIsNull(String header) {
        assertThat(RetryAfter.parse(header, CLOCK)).isNull();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t"})
    void missingOrBlankHeaderIsNull(String header) {
        assertThat(RetryAfter.parse(header, CLOCK)).isNull();
    }
}
