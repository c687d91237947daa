package io.github.d6connector.input;

import java.time.Clock;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;

import io.github.d6connector.clients.ClientsResult;
import io.github.d6connector.clients.ClientsQuery;
import io.github.d6connector.outcome.Json;

/**
 * Writes the REST API's response to a Get Clients call from the {@link ClientsResult} body.
 *
 * <ul>
 *   <li>list: 200 with the JSON array of entries and an {@code Age} header with the seconds since d6 returned
 *       it; 404 {@code not_found} when one school's list is empty</li>
 *   <li>d6 responded with 404: 404 {@code not_found}</li>
 *   <li>d6 responded with another final error status, such as 401: 502 {@code d6_rejected}</li>
 *   <li>d6 responded with 2xx and a body that is not a clients list: 502 {@code d6_invalid_response}</li>
 *   <li>every attempt failed (429, 5xx, I/O errors): 503 {@code d6_unavailable}</li>
 * </ul>
 */
public final class RestClientsResponse implements Processor {

    private final Clock clock;

    public RestClientsResponse(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        ClientsResult result = exchange.getMessage().getMandatoryBody(ClientsResult.class);
        ClientsQuery query = exchange.getProperty(RestClientsQueryReader.QUERY, ClientsQuery.class);

        if (result instanceof ClientsResult.Found found) {
            if (!query.isAll() && found.clients().isEmpty()) {
                RestResponses.error(exchange, 404, "not_found",
                        "d6 lists no client-authorised integration for " + query);
                return;
            }
            RestResponses.json(exchange, 200, Json.write(found.clients()));
            long ageSeconds = Math.max(0, Duration.between(found.fetchedAt(), clock.instant()).toSeconds());
            exchange.getMessage().setHeader("Age", ageSeconds);
        } else if (result instanceof ClientsResult.Refused refused && refused.status() == 404) {
            // NOTE: d6 documents 404 ("No client-authorised integrations found") only for the state change. A 404
            // for the full list is passed on as not_found, not read as an empty list, because it may also mean a
            // wrong d6.base-url.
            RestResponses.error(exchange, 404, "not_found",
                    "d6 found no client-authorised integration for " + query + " (" + refused.describe() + ")");
        } else if (result instanceof ClientsResult.Refused refused) {
            RestResponses.error(exchange, 502, "d6_rejected",
                    "d6 rejected Get Clients for " + query + ": " + refused.describe());
        } else if (result instanceof ClientsResult.Unreadable unreadable) {
            RestResponses.error(exchange, 502, "d6_invalid_response",
                    "Get Clients for " + query + ": " + unreadable.describe());
        } else {
            RestResponses.error(exchange, 503, "d6_unavailable",
                    "Get Clients for " + query + ": " + result.describe() + "; try again later");
        }
    }
}
