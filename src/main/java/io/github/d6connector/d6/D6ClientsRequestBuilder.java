package io.github.d6connector.d6;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.github.d6connector.clients.ClientsQuery;
import io.github.d6connector.request.RequestProperties;

/**
 * Prepares one Get Clients call from the query alone: the URL and an empty body. It runs on every attempt,
 * after every header has been removed, and counts the attempt.
 */
public final class D6ClientsRequestBuilder implements Processor {

    private final D6Settings settings;

    public D6ClientsRequestBuilder(D6Settings settings) {
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) {
        ClientsQuery query = exchange.getProperty(D6GetClientsRoutes.QUERY, ClientsQuery.class);
        int attempts = exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class);
        exchange.setProperty(RequestProperties.ATTEMPTS, attempts + 1);

        Message message = exchange.getMessage();
        message.setBody(null);
        message.setHeader(Exchange.HTTP_URI, settings.clientsUrl(query.schoolLoginId()));
    }
}
