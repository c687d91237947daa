package io.github.d6connector.outcome;

/**
 * The final result of one request. Every request ends in exactly one of these.
 */
public enum Outcome {

    /** d6 answered 200: the integration state was changed. */
    CHANGED(true),

    /**
     * The school was already in the requested state: d6 responded with 204 (v1) or 400 "already ..." (v2), or
     * the pre-check found the state in d6's Get Clients list.
     */
    UNCHANGED(true),

    /**
     * d6 refused the request (3xx, 400, 401, 403, 404, 501 or another 4xx), or the connector did before sending
     * it: the pre-check found that the school or API type has not authorised the integrator, or the school is
     * outside the allow-list. Sending it again will not help.
     */
    REJECTED(false),

    /** d6 kept failing (429, 5xx, timeouts, refused connections) until the redelivery attempts ran out. */
    FAILED(false),

    /** The request failed validation and was never sent to d6. */
    INVALID(false),

    /** Dry run: the request passed validation and was deliberately not sent to d6. */
    VALIDATED(true);

    private final boolean success;

    Outcome(boolean success) {
        this.success = success;
    }

    /** Returns whether the outcome goes to the success endpoint rather than the error endpoint. */
    public boolean isSuccess() {
        return success;
    }
}
