package io.github.d6connector.d6;

/**
 * State of the circuit breaker in front of d6, as health checks and metrics report it.
 *
 * <p>NOTE: the connector has no circuit breaker yet, so the state is always {@link #CLOSED}. The breaker, once
 * added, replaces the supplier that {@code ConnectorConfiguration} passes to the health check and the gauge.
 */
public enum D6CircuitState {

    /** Calls go to d6. */
    CLOSED(0),

    /** A few trial calls go to d6 to find out whether it has recovered. */
    HALF_OPEN(1),

    /** Calls fail at once without reaching d6. */
    OPEN(2);

    private final int gaugeValue;

    D6CircuitState(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /** Returns the value of the {@code connector_d6_circuit_state} gauge: 0 closed, 1 half open, 2 open. */
    public int gaugeValue() {
        return gaugeValue;
    }
}
