package io.github.d6connector.d6;

/**
 * Reads d6's responses to a state change in the format of one API version.
 */
public interface D6StateChangeResponses {

    /** Returns the outcome and error fields of a final response, one whose status is not retried. */
    D6Result outcomeOf(int status, String body);

    /** Returns d6's error fields from any response body, for the outcome of a request that ends as FAILED. */
    D6ErrorBody errorOf(String body);

    static D6StateChangeResponses of(D6ApiVersion version) {
        return version == D6ApiVersion.V2 ? new D6V2Responses() : new D6V1Responses();
    }
}
