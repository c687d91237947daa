package io.github.d6connector.clients;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.outcome.Outcome;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.ParsedRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Checks a valid request against d6's Get Clients list before the state change is sent, when
 * {@code d6.clients.pre-check} is true. The decision goes to the exchange property
 * {@link RequestProperties#PRE_CHECK_OUTCOME}; without one, the request goes to d6.
 *
 * <ul>
 *   <li>school, or API type of the school, not in the list: {@code REJECTED}, because it has not authorised
 *       the integrator</li>
 *   <li>{@code activated_by_integrator} already matches the requested state: {@code UNCHANGED}</li>
 *   <li>anything else, including a list that cannot be fetched: no decision</li>
 * </ul>
 *
 * <p>After a failed fetch the check is skipped until one cache period has passed, so a batch of requests
 * does not wait for the redelivery of one fetch per request, and one warning is logged per period.
 */
public final class ClientsPreCheck implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ClientsPreCheck.class);

    private final boolean enabled;
    private final ClientsLookup lookup;
    private final OutcomeFactory outcomes;
    private final Clock clock;
    private final Duration period;

    // Guarded by this.
    private Instant lastFailureAt;
    private int skippedSinceWarning;

    public ClientsPreCheck(boolean enabled, ClientsLookup lookup, OutcomeFactory outcomes, Clock clock) {
        this.enabled = enabled;
        this.lookup = lookup;
        this.outcomes = outcomes;
        this.clock = clock;
        this.period = lookup.cache().ttl();
    }

    @Override
    public void process(Exchange exchange) {
        if (!enabled) {
            return;
        }
        ParsedRequest parsed = exchange.getProperty(RequestProperties.REQUEST, ParsedRequest.class);
        if (!(parsed instanceof ClientStateRequest request)) {
            return;
        }

        Optional<ClientsResult.Found> list = clientsList(request);
        if (list.isEmpty()) {
            return;
        }
        OutcomeRecord decided = decide(request, list.get(),
                exchange.getProperty(RequestProperties.STARTED_AT, Instant.class));
        if (decided != null) {
            exchange.setProperty(RequestProperties.PRE_CHECK_OUTCOME, decided);
        }
    }

    private OutcomeRecord decide(ClientStateRequest request, ClientsResult.Found list, Instant startedAt) {
        int school = request.schoolLoginId();
        List<ClientIntegration> entries = list.ofSchool(school);
        if (entries.isEmpty()) {
            return outcomes.decidedLocally(request, Outcome.REJECTED, "school " + school
                    + " has not authorised the integrator: d6's Get Clients list has no entry for it;"
                    + " nothing was sent to d6", startedAt);
        }

        Optional<ClientIntegration> integration = entries.stream()
                .filter(entry -> entry.apiTypeId() == request.apiTypeId())
                .findFirst();
        if (integration.isEmpty()) {
            String authorised = entries.stream().map(entry -> String.valueOf(entry.apiTypeId()))
                    .collect(Collectors.joining(", "));
            return outcomes.decidedLocally(request, Outcome.REJECTED, "school " + school
                    + " has not authorised API type " + request.apiTypeId() + " for the integrator: d6's Get Clients"
                    + " list has it only for API type " + authorised + "; nothing was sent to d6", startedAt);
        }

        Boolean active = integration.get().active();
        if (active != null && active == (request.state() == 1)) {
            return outcomes.decidedLocally(request, Outcome.UNCHANGED, "the integration is already in that state:"
                    + " d6's Get Clients list shows activated_by_integrator \""
                    + integration.get().activatedByIntegrator() + "\"; nothing was sent to d6", startedAt);
        }
        return null;
    }

    private Optional<ClientsResult.Found> clientsList(ClientStateRequest request) {
        Optional<ClientsResult.Found> cached = lookup.cached(ClientsQuery.ALL);
        if (cached.isPresent()) {
            return cached;
        }
        if (skipAfterRecentFailure(request)) {
            return Optional.empty();
        }

        String failure;
        try {
            ClientsResult result = lookup.find(ClientsQuery.ALL);
            if (result instanceof ClientsResult.Found found) {
                return Optional.of(found);
            }
            failure = result.describe();
        } catch (RuntimeException e) {
            LOG.debug("Request {}: Get Clients failed unexpectedly", request.requestId(), e);
            failure = "unexpected error: " + e.getMessage();
        }
        recordFailure(request, failure);
        return Optional.empty();
    }

    private synchronized boolean skipAfterRecentFailure(ClientStateRequest request) {
        if (lastFailureAt == null || !clock.instant().isBefore(lastFailureAt.plus(period))) {
            return false;
        }
        skippedSinceWarning++;
        LOG.debug("Request {}: pre-check skipped because d6's Get Clients list could not be fetched recently",
                request.requestId());
        return true;
    }

    private synchronized void recordFailure(ClientStateRequest request, String failure) {
        lastFailureAt = clock.instant();
        String skipped = skippedSinceWarning == 0 ? ""
                : "; " + skippedSinceWarning + " earlier request(s) went to d6 without the pre-check";
        LOG.warn("Request {}: pre-check skipped because d6's Get Clients list could not be fetched ({}); requests"
                + " go to d6 without the pre-check for the next {} ms{}", request.requestId(), failure,
                period.toMillis(), skipped);
        skippedSinceWarning = 0;
    }
}
