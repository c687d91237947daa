package io.github.d6connector.d6;

import java.io.IOException;
import java.time.Clock;

import org.apache.camel.builder.RouteBuilder;

import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.request.RequestProperties;

/**
 * The one place where the connector calls d6's Change Client Integration State endpoint.
 *
 * <p>{@code d6-change-client-state} owns the redelivery policy. Because Camel redelivers only the step that
 * failed, the whole call lives in {@code d6-send-patch}, which has no error handler of its own: every attempt
 * removes all headers, rebuilds the request from the validated request and sends it again. Every call
 * passes the process-wide {@link D6RateLimiter}.
 */
public final class D6CallRoutes extends RouteBuilder {

    public static final String ENDPOINT = "direct:d6-change-client-state";
    public static final String CREDENTIALS_CONFIGURER = "d6HttpClientConfigurer";

    private final D6Settings settings;
    private final OutcomeFactory outcomes;
    private final Clock clock;
    private final D6RateLimiter rateLimiter;

    public D6CallRoutes(D6Settings settings, OutcomeFactory outcomes, Clock clock, D6RateLimiter rateLimiter) {
        this.settings = settings;
        this.outcomes = outcomes;
        this.clock = clock;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void configure() {
        RedeliveryDelay delays = new RedeliveryDelay(settings.initialDelay(), settings.multiplier(),
                settings.maximumDelay());

        from(ENDPOINT).routeId("d6-change-client-state")
                .onException(D6RetryableException.class, IOException.class)
                    .maximumRedeliveries(settings.maximumRedeliveries())
                    // Camel counts redeliveries in a message header, which the HTTP response replaces on every
                    // attempt; the attempt count kept in an exchange property is what ends the redeliveries.
                    .retryWhile(exchange -> exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class)
                            <= settings.maximumRedeliveries())
                    .redeliveryDelay(settings.initialDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(settings.multiplier())
                    .maximumRedeliveryDelay(settings.maximumDelay().toMillis())
                    .asyncDelayedRedelivery()
                    .logRetryAttempted(false)
                    .logExhausted(false)
                    .onExceptionOccurred(new D6RetryScheduler(delays, settings.maximumRedeliveries()))
                    // continued rather than handled: a handled exception would also stop the calling routes,
                    // and the FAILED outcome would never reach deliver-outcome or the input's reply.
                    .continued(true)
                    .process(new D6FailedOutcome(outcomes))
                .end()
                .to("direct:d6-send-patch");

        from("direct:d6-send-patch").routeId("d6-send-patch")
                .errorHandler(noErrorHandler())
                .removeHeaders("*")
                .process(new D6RequestBuilder(settings))
                .process(exchange -> rateLimiter.acquire())
                .doTry()
                    .to(settings.baseUrl() + "?httpMethod=PATCH&throwExceptionOnFailure=false&followRedirects=false"
                            + "&copyHeaders=false&httpClientConfigurer=#" + CREDENTIALS_CONFIGURER)
                .doFinally()
                    .process(exchange -> rateLimiter.release())
                .end()
                .process(new D6ResponseChecker(clock, rateLimiter, settings.initialDelay()))
                .process(new D6ResponseOutcome(outcomes));
    }
}
