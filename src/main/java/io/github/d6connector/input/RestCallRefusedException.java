package io.github.d6connector.input;

/**
 * A REST call refused before it becomes a request, such as one without the right API key or with a body
 * that is not JSON. The REST API responds with the status and a JSON error body.
 */
public class RestCallRefusedException extends Exception {

    private final int status;
    private final String error;

    public RestCallRefusedException(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    /** Returns the short machine-readable error code, such as {@code unauthorized}. */
    public String error() {
        return error;
    }
}
