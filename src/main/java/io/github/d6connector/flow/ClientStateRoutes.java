package io.github.d6connector.flow;

import java.time.Clock;

import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import io.github.d6connector.access.SchoolAccess;
import io.github.d6connector.d6.D6CallRoutes;
import io.github.d6connector.observe.ConnectorMetrics;
import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * The path every request takes, whatever its input: decide the outcome (invalid, rejected by the allow-list,
 * or d6's answer), then log it, record it in the outcome journal, count it and deliver it to the success or
 * error endpoint. Inputs send a {@link io.github.d6connector.request.ParsedRequest}
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
    private final SchoolAccess access;
    private final Processor journalWriter;
    private final ConnectorMetrics metrics;

    /**
     * @param access        the allow-lists every valid request is checked against before d6 is called
     * @param journalWriter records each final outcome in the outcome journal
     */
    public ClientStateRoutes(OutcomeFactory outcomes, Clock clock, SchoolAccess access, Processor journalWriter,
                             ConnectorMetrics metrics) {
        this.outcomes = outcomes;
        this.clock = clock;
        this.access = access;
        this.journalWriter = journalWriter;
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId("change-client-state")
                .to("direct:determine-outcome")
                .to("direct:deliver-outcome");

        from("direct:determine-outcome").routeId("determine-outcome")
                .onException(Exception.class)
                    // continued rather than handled, so that the outcome still goes on to deliver-outcome
                    .continued(true)
                    .logExhausted(false)
                    .process(new InternalErrorOutcome(outcomes))
                .end()
                .process(new RequestIntake(clock))
                .choice()
                    .when(exchangeProperty(RequestProperties.REQUEST).isInstanceOf(InvalidRequest.class))
                        .process(new InvalidOutcome(outcomes))
                    .when(new SchoolAccessCheck(access))
                        .process(new LocallyRejectedOutcome(outcomes))
                    .otherwise()
                        .to(D6CallRoutes.ENDPOINT)
                .end();

        from("direct:deliver-outcome").routeId("deliver-outcome")
                .removeHeaders("*")
                .process(new OutcomeLogger())
                .process(journalWriter)
                .process(exchange -> metrics.countOutcome(
                        exchange.getProperty(RequestProperties.INPUT, "unknown", String.class),
                        exchange.getMessage().getBody(OutcomeRecord.class).outcome()))
                .setProperty(RequestProperties.OUTCOME, body())
                .process(exchange -> {
                    OutcomeRecord record = exchange.getMessage().getBody(OutcomeRecord.class);
                    exchange.getMessage().setHeader(OUTCOME_HEADER, record.outcome().name());
                    exchange.getMessage().setHeader(REQUEST_ID_HEADER, record.requestId());
                    exchange.getMessage().setBody(Json.write(record));
                })
                .choice()
                    .when(exchange -> exchange.getProperty(RequestProperties.OUTCOME, OutcomeRecord.class)
                            .outcome().isSuccess())
                        .to(ExchangePattern.InOnly, "{{connector.outcome.success-uri}}")
                    .otherwise()
                        .to(ExchangePattern.InOnly, "{{connector.outcome.error-uri}}")
                .end()
                .removeHeaders("*")
                .setBody(exchangeProperty(RequestProperties.OUTCOME));
    }
}
