package io.github.d6connector.ledger;

import java.util.Optional;

import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.outcome.Outcome;
import io.github.d6connector.outcome.OutcomeJson;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * The steps of the request path that use the {@link RequestLedger}: look a request up before calling d6,
 * record d6's final response, and note when its outcome has been delivered.
 *
 * <p>A recorded {@code FAILED} response is reused only for a JMS message the broker redelivers after a
 * rollback, so the broker's redelivery never multiplies the d6 attempts of a request; a file dropped again
 * or a new REST call tries d6 again. A repeat whose outcome was already delivered is not delivered again,
 * except on JMS: there a message read again means the earlier delivery may have been rolled back with the
 * transaction. The input is told by a property, because camel-jms does not mark its exchanges as transacted.
 */
public final class LedgerSteps {

    /** Exchange property set to {@code true} when the outcome comes from the ledger. */
    public static final String REPEAT = "d6Repeat";

    /** Exchange property set to {@code true} when a repeat's outcome has already reached its endpoint. */
    public static final String ALREADY_DELIVERED = "d6AlreadyDelivered";

    /** Exchange property set to {@code true} by the JMS input for a message the broker delivers again. */
    public static final String BROKER_REDELIVERY = "d6BrokerRedelivery";

    private static final Logger LOG = LoggerFactory.getLogger(LedgerSteps.class);

    private final RequestLedger ledger;

    /** @param ledger the ledger, or {@code null} when repeats are not detected */
    public LedgerSteps(RequestLedger ledger) {
        this.ledger = ledger;
    }

    /** Puts the recorded outcome in the body when the request was answered before. */
    public Processor lookup() {
        return exchange -> {
            ClientStateRequest request = exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class);
            if (ledger == null || request == null) {
                return;
            }
            Optional<RequestLedger.LedgerEntry> entry = ledger.find(request.requestId(), fingerprint(request))
                    .filter(found -> found.outcome().outcome() != Outcome.FAILED
                            || exchange.getProperty(BROKER_REDELIVERY, false, Boolean.class));
            if (entry.isPresent()) {
                LOG.info("Request {} was answered by d6 before ({}); d6 is not called again",
                        request.requestId(), entry.get().outcome().outcome());
                exchange.setProperty(REPEAT, true);
                exchange.setProperty(ALREADY_DELIVERED, entry.get().delivered());
                exchange.getMessage().removeHeaders("*");
                OutcomeRecord first = entry.get().outcome();
                exchange.getMessage().setBody(first.with(first.outcome(),
                        "repeat of request id " + request.requestId() + ", not sent to d6 again; first outcome: "
                                + first.reason(), first.attempts()));
            }
        };
    }

    /** Returns whether the outcome came from the ledger. */
    public Predicate isRepeat() {
        return exchange -> exchange.getProperty(REPEAT, false, Boolean.class);
    }

    /** Records d6's final answer, unless it came from the ledger. */
    public Processor record() {
        return exchange -> {
            OutcomeRecord outcome = exchange.getMessage().getBody(OutcomeRecord.class);
            ClientStateRequest request = exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class);
            if (ledger == null || request == null || outcome == null || isRepeat().matches(exchange)) {
                return;
            }
            if (outcome.outcome() == Outcome.CHANGED || outcome.outcome() == Outcome.UNCHANGED
                    || outcome.outcome() == Outcome.REJECTED || outcome.outcome() == Outcome.FAILED) {
                ledger.recordOutcome(request.requestId(), fingerprint(request), OutcomeJson.of(exchange, outcome));
            }
        };
    }

    /** Returns whether the outcome must be sent to its endpoint. */
    public Predicate needsDelivery() {
        return exchange -> !(exchange.getProperty(ALREADY_DELIVERED, false, Boolean.class)
                && !"jms".equals(exchange.getProperty(RequestProperties.INPUT, String.class)));
    }

    /** Notes that the outcome reached its endpoint. */
    public Processor delivered() {
        return exchange -> {
            ClientStateRequest request = exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class);
            if (ledger != null && request != null) {
                ledger.markDelivered(request.requestId());
            }
        };
    }

    private static String fingerprint(ClientStateRequest request) {
        return RequestLedger.fingerprint(request.schoolLoginId(), request.apiTypeId(), request.state());
    }

}
