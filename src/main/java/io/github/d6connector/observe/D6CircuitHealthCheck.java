package io.github.d6connector.observe;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.github.d6connector.d6.D6CircuitState;

/**
 * Readiness from the state of the circuit breaker in front of d6: down while it is open, because every request
 * would then fail without reaching d6. It reads the state only and never calls d6.
 */
public final class D6CircuitHealthCheck extends AbstractHealthCheck {

    private final Supplier<D6CircuitState> state;

    public D6CircuitHealthCheck(Supplier<D6CircuitState> state) {
        super("connector", "d6-circuit");
        this.state = state;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        D6CircuitState current = state.get();
        builder.detail("state", current.name());
        builder.message("d6 circuit " + current);
        if (current == D6CircuitState.OPEN) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
