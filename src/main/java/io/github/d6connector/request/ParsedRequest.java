package io.github.d6connector.request;

/**
 * A request as read from an input: either valid and ready for d6, or invalid with the reason.
 */
public sealed interface ParsedRequest permits ClientStateRequest, InvalidRequest {

    String requestId();

    String source();

    /** Returns the extra values that travel with the request into its outcome; empty for most inputs. */
    java.util.Map<String, String> attributes();
}
