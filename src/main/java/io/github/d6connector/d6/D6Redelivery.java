package io.github.d6connector.d6;

import java.io.IOException;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.model.RouteDefinition;

import io.github.d6connector.observe.ConnectorMetrics;
import io.github.d6connector.request.RequestProperties;

/**
 * The redelivery policy shared by every call to d6: a retryable status (429, 500, 502, 503, 504) or an I/O
 * error is redelivered with exponential back-off, or after d6's {@code Retry-After} when that is longer, never
 * waiting more than the maximum delay.
 *
 * <p>Camel redelivers only the step that failed, so the route that gets this policy must send the whole call
 * through one {@code direct:} step whose route has no error handler of its own, and that route counts each call
 * in the exchange property {@link RequestProperties#ATTEMPTS}. Once the attempts have run out, the last
 * exception goes back to the caller, which catches it with {@code doTry}/{@code doCatch}. An {@code onException}
 * with {@code handled(true)} would instead stop every calling route, so the outcome would never be delivered.
 *
 * <p>That property, not Camel's {@code CamelRedeliveryCounter} header, decides when the attempts have run out:
 * Camel 4.18 reads its count back from the header, and the header is lost on every attempt because the HTTP
 * endpoint ({@code copyHeaders=false}) leaves only d6's response headers on the message.
 */
public final class D6Redelivery {

    private final D6Settings settings;
    private final RedeliveryDelay delays;
    private final ConnectorMetrics metrics;

    /** @param metrics counts the retries, or {@code null} for none */
    public D6Redelivery(D6Settings settings, ConnectorMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.delays = new RedeliveryDelay(settings.initialDelay(), settings.multiplier(), settings.maximumDelay());
    }

    /**
     * Adds the redelivery handler to a route, which must not have any step yet, and returns the route.
     *
     * @param callName names the call in the retry log lines, such as {@code Request 42}
     */
    public RouteDefinition addTo(RouteDefinition route, Function<Exchange, String> callName) {
        int maximumAttempts = settings.maximumRedeliveries() + 1;
        route.onException(D6RetryableException.class, IOException.class)
                .maximumRedeliveries(settings.maximumRedeliveries())
                .retryWhile(exchange -> exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class)
                        < maximumAttempts)
                .redeliveryDelay(settings.initialDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(settings.multiplier())
                .maximumRedeliveryDelay(settings.maximumDelay().toMillis())
                .asyncDelayedRedelivery()
                .logRetryAttempted(false)
                .logExhausted(false)
                .onExceptionOccurred(new D6RetryScheduler(delays, settings.maximumRedeliveries(), callName, metrics))
                .end();
        return route;
    }
}
