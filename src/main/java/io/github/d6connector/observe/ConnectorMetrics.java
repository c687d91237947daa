package io.github.d6connector.observe;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.github.d6connector.d6.D6CircuitState;
import io.github.d6connector.d6.D6RateLimiter;
import io.github.d6connector.outcome.Outcome;

/**
 * The connector's own Micrometer meters. Prometheus names them {@code connector_requests_total},
 * {@code connector_d6_calls_seconds}, {@code connector_d6_retries_total}, {@code connector_d6_circuit_state},
 * {@code connector_inbox_backlog_files} and {@code connector_d6_rate_limit_wait_seconds_total}.
 */
public final class ConnectorMetrics {

    public static final String REQUESTS = "connector.requests";
    public static final String D6_CALLS = "connector.d6.calls";
    public static final String D6_RETRIES = "connector.d6.retries";
    public static final String D6_CIRCUIT_STATE = "connector.d6.circuit.state";
    public static final String INBOX_BACKLOG = "connector.inbox.backlog";
    public static final String RATE_LIMIT_WAIT = "connector.d6.rate.limit.wait";

    private final MeterRegistry registry;
    private final Counter retries;

    public ConnectorMetrics(MeterRegistry registry, D6RateLimiter rateLimiter, Supplier<D6CircuitState> circuitState,
                            InboxBacklog inboxBacklog) {
        this.registry = registry;
        this.retries = Counter.builder(D6_RETRIES)
                .description("Calls to d6 that failed and were scheduled for another attempt")
                .register(registry);
        Gauge.builder(D6_CIRCUIT_STATE, circuitState, state -> state.get().gaugeValue())
                .description("State of the circuit breaker in front of d6: 0 closed, 1 half open, 2 open")
                .strongReference(true)
                .register(registry);
        Gauge.builder(INBOX_BACKLOG, inboxBacklog, InboxBacklog::count)
                .description("Request files (*.json, *.csv) waiting in the inbox")
                .baseUnit("files")
                .strongReference(true)
                .register(registry);
        FunctionCounter.builder(RATE_LIMIT_WAIT, rateLimiter, limiter -> limiter.waited().toNanos() / 1e9)
                .description("Time calls to d6 spent waiting for the rate limit, summed over all calls")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Counts one final outcome of a request from {@code input} (file, rest, jms or batch). */
    public void countOutcome(String input, Outcome outcome) {
        Counter.builder(REQUESTS)
                .description("Requests that reached a final outcome, by input and outcome")
                .tag("input", input)
                .tag("outcome", outcome.name())
                .register(registry)
                .increment();
    }

    /**
     * Records the duration of one HTTP call to d6.
     *
     * @param result d6's HTTP status, or {@code error} when no response came
     */
    public void recordD6Call(long nanos, String result) {
        Timer.builder(D6_CALLS)
                .description("Duration of each HTTP call to d6, including attempts that are retried")
                .tag("status", result)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void countRetry() {
        retries.increment();
    }
}
