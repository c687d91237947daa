package io.github.d6connector.flow;

import java.time.Clock;

import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import io.github.d6connector.d6.D6CallRoutes;
import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * The path every request takes, whatever its input: decide the outcome (invalid, decided by the pre-check, or
 * d6's response), then deliver it to the success or error endpoint. Inputs send a {@link io.github.d6connector.request.ParsedRequest}
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
    private final Processor preCheck;
    private final Processor afterD6Call;

    /**
     * @param preCheck   runs before d6 is called and may set {@link RequestProperties#PRE_CHECK_OUTCOME}
     * @param afterD6Call runs with d6's outcome record as the body, such as to update a cache
     */
    public ClientStateRoutes(OutcomeFactory outcomes, Clock clock, Processor preCheck, Processor afterD6Call) {
        this.outcomes = outcomes;
        this.clock = clock;
        this.preCheck = preCheck;
        this.afterD6Call = afterD6Call;
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
                .process(preCheck)
                .choice()
                    .when(exchangeProperty(RequestProperties.REQUEST).isInstanceOf(InvalidRequest.class))
                        .process(new InvalidOutcome(outcomes))
                    .when(exchangeProperty(RequestProperties.PRE_CHECK_OUTCOME).isNotNull())
                        .removeHeaders("*")
                        .setBody(exchangeProperty(RequestProperties.PRE_CHECK_OUTCOME))
                    .otherwise()
                        .to(D6CallRoutes.ENDPOINT)
                        .process(afterD6Call)
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
