package io.github.d6connector.d6;

/**
 * The d6 circuit breaker is open, so no call was made. Unlike a failed call, this does not use up one of
 * the request's attempts: files and JMS requests wait for d6 to respond again; REST calls fail at once.
 */
public class D6UnavailableException extends Exception {

    public D6UnavailableException() {
        super("d6 is unavailable: the circuit breaker is open after repeated failures", null, false, false);
    }
}
