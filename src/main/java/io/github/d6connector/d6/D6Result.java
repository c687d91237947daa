package io.github.d6connector.d6;

import io.github.d6connector.outcome.Outcome;

/**
 * The meaning of d6's final response to a state change: the outcome and d6's error fields, {@code null} when
 * d6 sent none.
 */
public record D6Result(Outcome outcome, String d6Error, String d6ErrorDescription) {
}
