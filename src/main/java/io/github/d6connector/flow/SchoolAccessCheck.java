package io.github.d6connector.flow;

import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import io.github.d6connector.access.SchoolAccess;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Matches a valid request for a school outside the allow-lists, and keeps the reason in
 * {@link RequestProperties#LOCAL_REJECTION}. Every input passes this check before the d6 call.
 */
public final class SchoolAccessCheck implements Predicate {

    private final SchoolAccess access;

    public SchoolAccessCheck(SchoolAccess access) {
        this.access = access;
    }

    @Override
    public boolean matches(Exchange exchange) {
        if (!(exchange.getProperty(RequestProperties.REQUEST) instanceof ClientStateRequest request)) {
            return false;
        }
        Optional<String> refusal = access.refusal(request.schoolLoginId(),
                exchange.getProperty(RequestProperties.CALLER, String.class));
        refusal.ifPresent(reason -> exchange.setProperty(RequestProperties.LOCAL_REJECTION, reason));
        return refusal.isPresent();
    }
}
