package io.github.d6connector.input;

import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.github.d6connector.access.SchoolAccess;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Rejects a REST request for a school outside the allow-lists with 403 before it becomes an outcome, so it
 * is never sent to d6. Files and JMS meet the same check in the core path, as a {@code REJECTED} outcome.
 */
public final class RestSchoolAccess implements Processor {

    private final SchoolAccess access;

    public RestSchoolAccess(SchoolAccess access) {
        this.access = access;
    }

    @Override
    public void process(Exchange exchange) throws RestCallRefusedException {
        if (!(exchange.getMessage().getBody() instanceof ClientStateRequest request)) {
            return;
        }
        String caller = exchange.getProperty(RequestProperties.CALLER, String.class);
        Optional<String> refusal = access.refusal(request.schoolLoginId(), caller);
        if (refusal.isPresent()) {
            throw new RestCallRefusedException(403, "forbidden", "REST caller " + caller + " may not change school "
                    + request.schoolLoginId() + ": " + refusal.get());
        }
    }
}
