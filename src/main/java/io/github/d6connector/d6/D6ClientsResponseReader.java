package io.github.d6connector.d6;

import java.time.Clock;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.github.d6connector.clients.ClientIntegration;
import io.github.d6connector.clients.ClientsResult;

/**
 * Turns d6's final response to Get Clients into a {@link ClientsResult} and drops every header of d6's
 * response. 204 counts as an empty list.
 */
public final class D6ClientsResponseReader implements Processor {

    private final Clock clock;

    public D6ClientsResponseReader(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = message.getBody(String.class);

        ClientsResult result;
        if (status == 204) {
            result = new ClientsResult.Found(List.of(), clock.instant());
        } else if (status >= 200 && status < 300) {
            result = read(status, body);
        } else {
            D6ErrorBody error = D6ErrorBody.parse(body);
            result = new ClientsResult.Refused(status, error.error(), error.description());
        }

        message.removeHeaders("*");
        message.setBody(result);
    }

    private ClientsResult read(int status, String body) {
        try {
            List<ClientIntegration> clients = D6ClientsParser.parse(body);
            return new ClientsResult.Found(clients, clock.instant());
        } catch (D6ClientsParser.UnreadableClientsException e) {
            return new ClientsResult.Unreadable(status, e.getMessage());
        }
    }
}
