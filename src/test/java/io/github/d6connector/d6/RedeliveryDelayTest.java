package io.github.d6connector.d6;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RedeliveryDelayTest {

    /** The TestConnector's settings: 50 ms initial delay, multiplier 2, 500 ms maximum delay. */
    private final RedeliveryDelay delays = new RedeliveryDelay(Duration.ofMillis(50), 2.0, Duration.ofMillis(500));

    @Test
    void firstRedeliveryWaitsInitialDelay() {
        assertThat(delays.before(1, null)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void delayGrowsByMultiplier() {
        assertThat(delays.before(2, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(delays.before(3, null)).isEqualTo(Duration.ofMillis(200));
        assertThat(delays.before(4, null)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void delayStopsAtMaximum() {
        assertThat(delays.before(5, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(delays.before(10, null)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void hugeRedeliveryNumberStaysAtMaximum() {
        assertThat(delays.before(10_000, null)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void redeliveryZeroWaitsInitialDelay() {
        assertThat(delays.before(0, null)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void fractionalMultiplierIsApplied() {
        RedeliveryDelay slowerBackOff = new RedeliveryDelay(Duration.ofMillis(1000), 1.5, Duration.ofMillis(30_000));

        assertThat(slowerBackOff.before(3, null)).isEqualTo(Duration.ofMillis(2250));
    }

    @Test
    void retryAfterLongerThanBackOffWins() {
        assertThat(delays.before(1, Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void retryAfterShorterThanBackOffIsIgnored() {
        assertThat(delays.before(3, Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void retryAfterZeroKeepsBackOff() {
        assertThat(delays.before(2, Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void retryAfterBeyondMaximumIsCapped() {
        assertThat(delays.before(1, Duration.ofHours(1))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void retryAfterEqualToMaximumIsKept() {
        assertThat(delays.before(1, Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));
    }
}
