package io.github.d6connector.d6;

import java.io.IOException;
import java.time.Clock;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import io.github.d6connector.observe.ConnectorMetrics;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.request.RequestProperties;

/**
 * The one place where the connector calls d6's Change Client Integration State endpoint.
 *
 * <p>{@code d6-change-client-state} owns the redelivery policy. Because Camel redelivers only the step that
 * failed, the whole call lives in {@code d6-send-patch}, which has no error handler of its own: every attempt
 * removes all headers, rebuilds the request from the validated request and sends it again. Every call
 * passes the process-wide {@link D6RateLimiter}, and its duration goes to the {@code connector.d6.calls} timer.
 *
 * <p>HTTPS calls verify d6's certificate against the trust store of {@value #SSL_CONTEXT_PARAMETERS} and its
 * host name. A certificate that fails either check ends the request as {@code FAILED} at once, because
 * another attempt would meet the same certificate.
 */
public final class D6CallRoutes extends RouteBuilder {

    public static final String ENDPOINT = "direct:d6-change-client-state";
    public static final String CREDENTIALS_CONFIGURER = "d6HttpClientConfigurer";
    public static final String SSL_CONTEXT_PARAMETERS = "d6SslContextParameters";

    private static final String CALL_STARTED = "d6CallStartedNanos";

    private final D6Settings settings;
    private final OutcomeFactory outcomes;
    private final Clock clock;
    private final D6RateLimiter rateLimiter;
    private final ConnectorMetrics metrics;

    public D6CallRoutes(D6Settings settings, OutcomeFactory outcomes, Clock clock, D6RateLimiter rateLimiter,
                        ConnectorMetrics metrics) {
        this.settings = settings;
        this.outcomes = outcomes;
        this.clock = clock;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        RedeliveryDelay delays = new RedeliveryDelay(settings.initialDelay(), settings.multiplier(),
                settings.maximumDelay());

        // A handled exception would also stop the calling routes, so that the FAILED outcome never reached
        // deliver-outcome or the input's reply. The error handlers continue instead.
        from(ENDPOINT).routeId("d6-change-client-state")
                .onException(SSLHandshakeException.class, SSLPeerUnverifiedException.class)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .continued(true)
                    .process(new D6FailedOutcome(outcomes))
                .end()
                .onException(D6RetryableException.class, IOException.class)
                    // Camel counts redeliveries in a message header, and the HTTP response replaces the headers
                    // on every attempt. So the attempt count kept in an exchange property ends the redeliveries.
                    .retryWhile(exchange -> exchange.getProperty(RequestProperties.ATTEMPTS, 0, Integer.class)
                            <= settings.maximumRedeliveries())
                    .redeliveryDelay(settings.initialDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(settings.multiplier())
                    .maximumRedeliveryDelay(settings.maximumDelay().toMillis())
                    .asyncDelayedRedelivery()
                    .logRetryAttempted(false)
                    .logExhausted(false)
                    .onExceptionOccurred(new D6RetryScheduler(delays, settings.maximumRedeliveries(), metrics))
                    .continued(true)
                    .process(new D6FailedOutcome(outcomes))
                .end()
                .to("direct:d6-send-patch");

        from("direct:d6-send-patch").routeId("d6-send-patch")
                .errorHandler(noErrorHandler())
                .removeHeaders("*")
                .process(new D6RequestBuilder(settings))
                .process(exchange -> rateLimiter.acquire())
                .process(exchange -> exchange.setProperty(CALL_STARTED, System.nanoTime()))
                .doTry()
                    .to(settings.baseUrl() + "?httpMethod=PATCH&throwExceptionOnFailure=false&followRedirects=false"
                            + "&copyHeaders=false&httpClientConfigurer=#" + CREDENTIALS_CONFIGURER
                            + "&sslContextParameters=#" + SSL_CONTEXT_PARAMETERS)
                .doFinally()
                    .process(this::recordCall)
                    .process(exchange -> rateLimiter.release())
                .end()
                .process(new D6ResponseChecker(clock, rateLimiter, settings.initialDelay()))
                .process(new D6ResponseOutcome(outcomes));
    }

    private void recordCall(Exchange exchange) {
        long started = exchange.getProperty(CALL_STARTED, System.nanoTime(), Long.class);
        Integer status = exchange.getException() == null
                && exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null
                ? exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) : null;
        metrics.recordD6Call(System.nanoTime() - started, status == null ? "error" : String.valueOf(status));
    }
}
