package io.github.d6connector.input;

import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Gives every REST call its request id before anything else runs: the caller's {@code X-Request-Id} when it is
 * 1 to 128 characters from {@code A-Z a-z 0-9 . _ : -}, else a new UUID. The id names the call in the log, in
 * error responses and in the outcome.
 */
public final class RestRequestIds implements Processor {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** Exchange property with the request id, so that even a rejected call's response can carry it. */
    public static final String REQUEST_ID = "d6RestRequestId";

    private static final Pattern REQUEST_ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(REQUEST_ID, requestIdOf(exchange.getMessage().getHeader(REQUEST_ID_HEADER, String.class)));
    }

    /** Returns the caller's {@code X-Request-Id} when it is a valid request id, else a new UUID. */
    public static String requestIdOf(String header) {
        return header != null && REQUEST_ID_PATTERN.matcher(header).matches() ? header : UUID.randomUUID().toString();
    }
}
