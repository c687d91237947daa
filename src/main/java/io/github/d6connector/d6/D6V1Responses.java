package io.github.d6connector.d6;

import io.github.d6connector.outcome.Outcome;

/**
 * Reads v1 responses: the status decides the outcome ({@link D6StatusPolicy}), and an error body has the form
 * {@code {"error": "...", "error_description": "..."}}.
 */
public final class D6V1Responses implements D6StateChangeResponses {

    @Override
    public D6Result outcomeOf(int status, String body) {
        Outcome outcome = D6StatusPolicy.outcomeOf(status);
        if (outcome != Outcome.REJECTED) {
            return new D6Result(outcome, null, null);
        }
        D6ErrorBody error = D6ErrorBody.parse(body);
        return new D6Result(outcome, error.error(), error.description());
    }

    @Override
    public D6ErrorBody errorOf(String body) {
        return D6ErrorBody.parse(body);
    }
}
