package io.github.d6connector.d6;

import java.io.IOException;
import java.time.Clock;

import org.apache.camel.builder.RouteBuilder;

import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * The one place where the connector calls d6's Change Client Integration State endpoint, v1 or v2 as set by
 * {@code d6.api-version}.
 *
 * <p>{@code d6-redeliver-patch} owns the redelivery policy ({@link D6Redelivery}). Because Camel redelivers only
 * the step that failed, the whole call lives in {@code d6-send-patch}, which has no error handler of its own:
 * every attempt removes all headers, rebuilds the request from the validated request and sends it again.
 * {@code d6-change-client-state} turns d6's final response, or the last failure, into the outcome record.
 */
public final class D6CallRoutes extends RouteBuilder {

    public static final String ENDPOINT = "direct:d6-change-client-state";
    public static final String CREDENTIALS_CONFIGURER = "d6HttpClientConfigurer";

    private final D6Settings settings;
    private final OutcomeFactory outcomes;
    private final Clock clock;

    public D6CallRoutes(D6Settings settings, OutcomeFactory outcomes, Clock clock) {
        this.settings = settings;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    public void configure() {
        D6StateChangeResponses responses = D6StateChangeResponses.of(settings.apiVersion());

        from(ENDPOINT).routeId("d6-change-client-state")
                .doTry()
                    .to("direct:d6-redeliver-patch")
                    .process(new D6ResponseOutcome(outcomes, responses))
                .doCatch(D6RetryableException.class, IOException.class)
                    .process(new D6FailedOutcome(outcomes))
                .end();

        new D6Redelivery(settings).addTo(from("direct:d6-redeliver-patch").routeId("d6-redeliver-patch"),
                        exchange -> "Request " + exchange.getProperty(RequestProperties.REQUEST,
                                ClientStateRequest.class).requestId())
                .to("direct:d6-send-patch");

        // The route id keeps its v1 name; with d6.v2.method=POST the call it makes is a POST.
        from("direct:d6-send-patch").routeId("d6-send-patch")
                .errorHandler(noErrorHandler())
                .removeHeaders("*")
                .process(new D6RequestBuilder(settings))
                .to(settings.baseUrl() + "?httpMethod=" + settings.clientStateMethod()
                        + "&throwExceptionOnFailure=false&followRedirects=false"
                        + "&copyHeaders=false&httpClientConfigurer=#" + CREDENTIALS_CONFIGURER)
                .process(new D6ResponseChecker(clock, responses::errorOf));
    }
}
