package io.github.d6connector.flow;

import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.support.builder.PredicateBuilder;
import org.apache.camel.builder.RouteBuilder;

import io.github.d6connector.access.SchoolAccess;
import io.github.d6connector.d6.D6CallRoutes;
import io.github.d6connector.journal.OutcomeJournalWriter;
import io.github.d6connector.ledger.LedgerSteps;
import io.github.d6connector.observe.ConnectorMetrics;
import io.github.d6connector.outcome.OutcomeJson;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * The path every request takes, whatever its input: decide the outcome (invalid, rejected by the allow-list,
 * a repeat resolved from the request ledger, decided by the pre-check, or d6's response), then log it, record
 * it in the outcome journal, count it and deliver it to the success or error endpoint, redelivering when the
 * endpoint fails. Inputs send a {@link io.github.d6connector.request.ParsedRequest}
 * to {@value #ENDPOINT} and get the {@link OutcomeRecord} back as the body.
 */
public final class ClientStateRoutes extends RouteBuilder {

    public static final String ENDPOINT = "direct:change-client-state";

    /** Header on outcome messages with the outcome name, for JMS selectors and content-based routing. */
    public static final String OUTCOME_HEADER = "D6Outcome";

    /** Header on outcome messages with the request id. */
    public static final String REQUEST_ID_HEADER = "D6RequestId";

    private final OutcomeFactory outcomes;
    private final Clock clock;
    private final LedgerSteps ledger;
    private final DeliverySettings delivery;
    private final Processor preCheck;
    private final Processor afterD6Call;
    private final SchoolAccess access;
    private final OutcomeJournalWriter journalWriter;
    private final ConnectorMetrics metrics;

    /**
     * @param preCheck      runs before d6 is called and may set {@link RequestProperties#PRE_CHECK_OUTCOME}
     * @param afterD6Call   runs with d6's outcome record as the body, such as to update a cache
     * @param access        the allow-lists every valid request is checked against before d6 is called
     * @param journalWriter records each final outcome in the outcome journal. The outcome is delivered while
     *                      the entry is forced to disk, and the route ends once the entry is on disk.
     */
    public ClientStateRoutes(OutcomeFactory outcomes, Clock clock, LedgerSteps ledger, DeliverySettings delivery,
                             Processor preCheck, Processor afterD6Call, SchoolAccess access,
                             OutcomeJournalWriter journalWriter, ConnectorMetrics metrics) {
        this.outcomes = outcomes;
        this.clock = clock;
        this.ledger = ledger;
        this.delivery = delivery;
        this.preCheck = preCheck;
        this.afterD6Call = afterD6Call;
        this.access = access;
        this.journalWriter = journalWriter;
        this.metrics = metrics;
    }

    /**
     * Redelivery of outcomes to their endpoints.
     *
     * @param maximumRedeliveries sends after the first one before the request fails with
     *                            {@link OutcomeDeliveryException}
     */
    public record DeliverySettings(int maximumRedeliveries, java.time.Duration initialDelay,
                                   java.time.Duration maximumDelay) {
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId("change-client-state")
                .to("direct:determine-outcome")
                .to("direct:deliver-outcome");

        // doTry rather than onException: a handled onException would stop the calling routes as well, so the
        // outcome of an unexpected error would never reach deliver-outcome.
        from("direct:determine-outcome").routeId("determine-outcome")
                .doTry()
                    .process(new RequestIntake(clock))
                    .to("direct:decide-outcome")
                .doCatch(Exception.class)
                    .process(new InternalErrorOutcome(outcomes))
                .end();

        from("direct:decide-outcome").routeId("decide-outcome")
                .errorHandler(noErrorHandler())
                .choice()
                    .when(exchangeProperty(RequestProperties.REQUEST).isInstanceOf(InvalidRequest.class))
                        .process(new InvalidOutcome(outcomes))
                    .when(new SchoolAccessCheck(access))
                        .process(new LocallyRejectedOutcome(outcomes))
                    .otherwise()
                        .process(ledger.lookup())
                        .filter(PredicateBuilder.not(ledger.isRepeat()))
                            .to("direct:decide-new-request")
                        .end()
                .end();

        from("direct:decide-new-request").routeId("decide-new-request")
                .errorHandler(noErrorHandler())
                .process(preCheck)
                .choice()
                    .when(exchangeProperty(RequestProperties.PRE_CHECK_OUTCOME).isNotNull())
                        .removeHeaders("*")
                        .setBody(exchangeProperty(RequestProperties.PRE_CHECK_OUTCOME))
                    .otherwise()
                        .to(D6CallRoutes.ENDPOINT)
                        .process(afterD6Call)
                        .process(ledger.record())
                .end();

        from("direct:deliver-outcome").routeId("deliver-outcome")
                .removeHeaders("*")
                .process(new OutcomeLogger())
                .process(journalWriter)
                .process(exchange -> metrics.countOutcome(
                        exchange.getProperty(RequestProperties.INPUT, "unknown", String.class),
                        exchange.getMessage().getBody(OutcomeRecord.class).outcome()))
                .setProperty(RequestProperties.OUTCOME, body())
                .filter(ledger.needsDelivery())
                    .doTry()
                        .to("direct:send-outcome")
                    .doCatch(Exception.class)
                        .process(exchange -> {
                            throw new OutcomeDeliveryException(
                                    exchange.getProperty(RequestProperties.OUTCOME, OutcomeRecord.class).requestId(),
                                    exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
                        })
                    .end()
                    .process(ledger.delivered())
                .end()
                .process(journalWriter.awaitOnDisk())
                .removeHeaders("*")
                .setBody(exchangeProperty(RequestProperties.OUTCOME));

        from("direct:send-outcome").routeId("send-outcome")
                .onException(Exception.class)
                    .maximumRedeliveries(delivery.maximumRedeliveries())
                    .redeliveryDelay(delivery.initialDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .maximumRedeliveryDelay(delivery.maximumDelay().toMillis())
                    .asyncDelayedRedelivery()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .retriesExhaustedLogLevel(LoggingLevel.ERROR)
                    .logStackTrace(false)
                    .logRetryStackTrace(false)
                    .logExhaustedMessageHistory(false)
                    .logExhaustedMessageBody(false)
                    .handled(false)
                .end()
                .process(exchange -> {
                    OutcomeRecord record = exchange.getProperty(RequestProperties.OUTCOME, OutcomeRecord.class);
                    exchange.getMessage().removeHeaders("*");
                    exchange.getMessage().setHeader(OUTCOME_HEADER, record.outcome().name());
                    exchange.getMessage().setHeader(REQUEST_ID_HEADER, record.requestId());
                    exchange.getMessage().setBody(OutcomeJson.of(exchange, record));
                })
                .choice()
                    .when(exchange -> exchange.getProperty(RequestProperties.OUTCOME, OutcomeRecord.class)
                            .outcome().isSuccess())
                        .to(ExchangePattern.InOnly, "{{connector.outcome.success-uri}}")
                    .otherwise()
                        .to(ExchangePattern.InOnly, "{{connector.outcome.error-uri}}")
                .end();
    }
}
