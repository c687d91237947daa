package io.github.d6connector.input;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.github.d6connector.access.RestCaller;
import io.github.d6connector.access.RestCallers;
import io.github.d6connector.request.RequestProperties;

/**
 * Lets a REST call through only when it presented the API key of a configured caller, and records the caller's
 * name on the exchange. Without any configured caller every call is rejected, so a forgotten setting never
 * opens the API.
 *
 * <p>Normally {@link ApiKeyHeaderFilter} has already identified the caller while the HTTP request became a
 * Camel message, so the key never was a Camel header. Should the header still be there (an endpoint without
 * that filter), it is checked here and removed at once.
 */
public final class RestCallerAuthenticator implements Processor {

    public static final String API_KEY_HEADER = "X-API-Key";

    private final RestCallers callers;

    public RestCallerAuthenticator(RestCallers callers) {
        this.callers = callers;
    }

    @Override
    public void process(Exchange exchange) throws RestCallRefusedException {
        Message message = exchange.getMessage();
        String headerKey = message.getHeader(API_KEY_HEADER, String.class);
        message.removeHeader(API_KEY_HEADER);

        String caller = exchange.getProperty(RequestProperties.CALLER, String.class);
        if (caller == null && headerKey != null) {
            caller = callers.identify(headerKey).map(RestCaller::name).orElse(null);
        }
        if (caller == null) {
            throw new RestCallRefusedException(401, "unauthorized", "missing or invalid " + API_KEY_HEADER + " header");
        }
        exchange.setProperty(RequestProperties.CALLER, caller);
        exchange.setProperty(RequestProperties.INPUT, "rest");
    }

    /** Returns whether any caller is configured; without one the REST API rejects every call. */
    public boolean isEnabled() {
        return !callers.isEmpty();
    }
}
