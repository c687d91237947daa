package io.github.d6connector.flow;

import java.time.Clock;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;

import io.github.d6connector.d6.D6CallRoutes;
import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * The path every request takes, whatever its input: decide the outcome (invalid, or d6's answer), then
 * deliver it to the success or error endpoint. Inputs send a {@link io.github.d6connector.request.ParsedRequest}
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

    public ClientStateRoutes(OutcomeFactory outcomes, Clock clock) {
        this.outcomes = outcomes;
        this.clock = clock;
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
                    .otherwise()
                        .to(D6CallRoutes.ENDPOINT)
                .end();

        from("direct:deliver-outcome").routeId("deliver-outcome")
                .removeHeaders("*")
                .process(new OutcomeLogger())
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
