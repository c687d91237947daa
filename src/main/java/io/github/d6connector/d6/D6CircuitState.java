package io.github.d6connector.d6;

/**
 * State of the circuit breaker in front of d6, as health checks and metrics report it.
 *
 * <p>With {@code d6.circuit.enabled=false} there is no breaker and the state is always {@link #CLOSED}.
 */
public enum D6CircuitState {

    /** Calls go to d6. */
    CLOSED(0),

    /** One trial call goes to d6 to find out whether it has recovered. */
    HALF_OPEN(1),

    /** No call reaches d6: inputs pause, REST calls fail at once, requests in flight wait. */
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
