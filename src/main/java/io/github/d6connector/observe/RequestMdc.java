package io.github.d6connector.observe;

import org.apache.camel.Exchange;
import org.slf4j.MDC;

import io.github.d6connector.input.RestRequestIds;
import io.github.d6connector.request.ParsedRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Puts the request id of an exchange into the SLF4J MDC under {@value #KEY}, so that every log line written
 * while the request is processed carries it, whichever thread writes it.
 */
public final class RequestMdc {

    public static final String KEY = "requestId";

    /** The scope of an {@link #open} that left the MDC as it was: the request id was already set, or unknown. */
    private static final Scope UNCHANGED = new Scope(null, false);

    private RequestMdc() {
    }

    /** Sets the exchange's request id, when it has one, until the returned scope is closed. */
    public static Scope open(Exchange exchange) {
        String previous = MDC.get(KEY);
        String requestId = requestIdOf(exchange);
        if (requestId == null || requestId.equals(previous)) {
            return UNCHANGED;
        }
        MDC.put(KEY, requestId);
        return new Scope(previous);
    }

    /** Returns the request id: the parsed request's, else the one a REST call was given, else {@code null}. */
    static String requestIdOf(Exchange exchange) {
        if (exchange.getProperty(RequestProperties.REQUEST) instanceof ParsedRequest request) {
            return request.requestId();
        }
        return exchange.getProperty(RestRequestIds.REQUEST_ID, String.class);
    }

    /** Restores the MDC value that was there before {@link #open}. */
    public static final class Scope implements AutoCloseable {

        private final String previous;
        private final boolean changed;

        private Scope(String previous) {
            this(previous, true);
        }

        private Scope(String previous, boolean changed) {
            this.previous = previous;
            this.changed = changed;
        }

        @Override
        public void close() {
            if (!changed) {
                return;
            }
            if (previous == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, previous);
            }
        }
    }
}
