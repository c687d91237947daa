package io.github.d6connector.d6;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.clients.ClientsResult;
import io.github.d6connector.request.RequestProperties;

/**
 * Builds the result of a Get Clients call whose redelivery attempts have run out.
 */
public final class D6ClientsUnavailable implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(D6ClientsUnavailable.class);

    @Override
    public void process(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int attempts = exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class);

        ClientsResult result;
        if (failure instanceof D6RetryableException retryable) {
            result = new ClientsResult.Unavailable(retryable.status(), "HTTP " + retryable.status(), attempts);
        } else {
            LOG.debug("Get Clients: last d6 call failed", failure);
            result = new ClientsResult.Unavailable(null, IoFailures.describe(failure), attempts);
        }

        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(result);
    }
}
