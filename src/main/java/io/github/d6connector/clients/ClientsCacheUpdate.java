package io.github.d6connector.clients;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;

import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Brings the cached Get Clients lists in line with a state change that was sent to d6: {@code CHANGED} and
 * {@code UNCHANGED} record the requested state, and {@code REJECTED} and {@code FAILED} drop the school's
 * lists, because d6's view of the school is then unknown.
 */
public final class ClientsCacheUpdate implements Processor {

    private final ClientsCache cache;

    public ClientsCacheUpdate(ClientsCache cache) {
        this.cache = cache;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        OutcomeRecord record = exchange.getMessage().getMandatoryBody(OutcomeRecord.class);
        ClientStateRequest request = exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class);
        switch (record.outcome()) {
            case CHANGED, UNCHANGED -> cache.recordState(request.schoolLoginId(), request.apiTypeId(),
                    request.state() == 1);
            case REJECTED, FAILED -> cache.invalidateSchool(request.schoolLoginId());
            case INVALID -> {
                // An invalid request never reaches d6.
            }
        }
    }
}
