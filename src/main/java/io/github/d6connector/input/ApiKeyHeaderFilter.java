package io.github.d6connector.input;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

import io.github.d6connector.access.RestCallers;
import io.github.d6connector.request.RequestProperties;

/**
 * The header filter of the REST API's HTTP consumer. It identifies the caller from the {@code X-API-Key}
 * header while the HTTP request becomes a Camel message and keeps only the caller's name, as the exchange
 * property {@link RequestProperties#CALLER}. The key itself never becomes a Camel header, so tracing, route
 * dumps and error-handler logs cannot show it. Every other header is filtered as Camel's HTTP components do.
 */
public final class ApiKeyHeaderFilter extends HttpHeaderFilterStrategy {

    private final RestCallers callers;

    public ApiKeyHeaderFilter(RestCallers callers) {
        this.callers = callers;
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        if (!RestCallerAuthenticator.API_KEY_HEADER.equalsIgnoreCase(headerName)) {
            return super.applyFilterToExternalHeaders(headerName, headerValue, exchange);
        }
        if (exchange != null) {
            String key = headerValue instanceof List<?> values
                    ? (values.size() == 1 ? String.valueOf(values.get(0)) : null)
                    : headerValue == null ? null : headerValue.toString();
            callers.identify(key).ifPresent(caller -> exchange.setProperty(RequestProperties.CALLER, caller.name()));
        }
        return true;
    }
}
