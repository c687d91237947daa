package io.github.d6connector.d6;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.observe.ConnectorMetrics;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * The one place where the connector calls d6's Change Client Integration State endpoint, v1 or v2 as set by
 * {@code d6.api-version}.
 *
 * <p>{@code d6-redeliver-patch} owns the redelivery policy ({@link D6Redelivery}), and also waits while the
 * circuit breaker is open. Because Camel redelivers only the step that failed, the whole call lives in
 * {@code d6-send-patch}, which has no error handler of its own: every attempt removes all headers, rebuilds
 * the request from the validated request and sends it again, through the process-wide {@link D6RateLimiter};
 * its duration goes to the {@code connector.d6.calls} timer. {@code d6-change-client-state} turns d6's final
 * response, or the last failure, into the outcome record.
 *
 * <p>HTTPS calls verify d6's certificate against the trust store of {@value #SSL_CONTEXT_PARAMETERS} and its
 * host name. A certificate that fails either check ends the request as {@code FAILED} at once, because
 * another attempt would meet the same certificate.
 */
public final class D6CallRoutes extends RouteBuilder {

    public static final String ENDPOINT = "direct:d6-change-client-state";
    public static final String CREDENTIALS_CONFIGURER = "d6HttpClientConfigurer";
    public static final String SSL_CONTEXT_PARAMETERS = "d6SslContextParameters";

    private static final Logger LOG = LoggerFactory.getLogger(D6CallRoutes.class);
    private static final String CALL_STARTED = "d6CallStartedNanos";
    private static final String WAIT_LOGGED = "d6WaitForCircuitLogged";

    private final D6Settings settings;
    private final OutcomeFactory outcomes;
    private final Clock clock;
    private final D6RateLimiter rateLimiter;
    private final D6CircuitBreaker circuitBreaker;
    private final Duration unavailablePoll;
    private final ConnectorMetrics metrics;

    /**
     * @param circuitBreaker  the breaker every call reports to, or {@code null} for none
     * @param unavailablePoll how often a request waiting for an open breaker checks it again
     */
    public D6CallRoutes(D6Settings settings, OutcomeFactory outcomes, Clock clock, D6RateLimiter rateLimiter,
                        D6CircuitBreaker circuitBreaker, Duration unavailablePoll, ConnectorMetrics metrics) {
        this.settings = settings;
        this.outcomes = outcomes;
        this.clock = clock;
        this.rateLimiter = rateLimiter;
        this.circuitBreaker = circuitBreaker;
        this.unavailablePoll = unavailablePoll;
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        D6StateChangeResponses responses = D6StateChangeResponses.of(settings.apiVersion());

        from(ENDPOINT).routeId("d6-change-client-state")
                .doTry()
                    .to("direct:d6-redeliver-patch")
                    .process(new D6ResponseOutcome(outcomes, responses))
                .doCatch(D6RetryableException.class, IOException.class, D6UnavailableException.class)
                    .process(new D6FailedOutcome(outcomes))
                .end();

        new D6Redelivery(settings, metrics).addTo(from("direct:d6-redeliver-patch").routeId("d6-redeliver-patch"),
                        exchange -> "Request " + exchange.getProperty(RequestProperties.REQUEST,
                                ClientStateRequest.class).requestId())
                .onException(SSLHandshakeException.class, SSLPeerUnverifiedException.class)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                .end()
                .onException(D6UnavailableException.class)
                    .maximumRedeliveries(-1)
                    .retryWhile(exchange -> !exchange.getProperty(RequestProperties.FAIL_FAST, false, Boolean.class))
                    .redeliveryDelay(unavailablePoll.toMillis())
                    .asyncDelayedRedelivery()
                    .logRetryAttempted(false)
                    .logExhausted(false)
                    .onExceptionOccurred(D6CallRoutes::waitingForD6)
                .end()
                .to("direct:d6-send-patch");

        // The route id keeps its v1 name; with d6.v2.method=POST the call it makes is a POST.
        from("direct:d6-send-patch").routeId("d6-send-patch")
                .errorHandler(noErrorHandler())
                .removeHeaders("*", "CamelRedelivery*")
                .process(exchange -> {
                    if (circuitBreaker != null && !circuitBreaker.tryAcquirePermission()) {
                        throw new D6UnavailableException();
                    }
                })
                .process(new D6RequestBuilder(settings))
                .process(exchange -> rateLimiter.acquire())
                .process(exchange -> exchange.setProperty(CALL_STARTED, System.nanoTime()))
                .doTry()
                    .to(settings.baseUrl() + "?httpMethod=" + settings.clientStateMethod()
                            + "&throwExceptionOnFailure=false&followRedirects=false"
                            + "&copyHeaders=false&httpClientConfigurer=#" + CREDENTIALS_CONFIGURER
                            + "&sslContextParameters=#" + SSL_CONTEXT_PARAMETERS)
                    .process(this::reportResponse)
                .doCatch(Exception.class)
                    .process(this::reportFailureAndRethrow)
                .doFinally()
                    .process(this::recordCall)
                    .process(exchange -> rateLimiter.release())
                .end()
                .process(new D6ResponseChecker(clock, responses::errorOf, rateLimiter, settings.initialDelay(),
                        settings.maximumDelay()));
    }

    private void reportResponse(Exchange exchange) {
        if (circuitBreaker == null) {
            return;
        }
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == 429) {
            circuitBreaker.ignored();
        } else if (status >= 500 && status != 501) {
            circuitBreaker.failed(callDuration(exchange), new D6RetryableException(status, null, null, null));
        } else {
            circuitBreaker.succeeded(callDuration(exchange));
        }
    }

    private void reportFailureAndRethrow(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (circuitBreaker != null) {
            circuitBreaker.failed(callDuration(exchange), failure);
        }
        throw failure;
    }

    private void recordCall(Exchange exchange) {
        if (metrics == null) {
            return;
        }
        Integer status = exchange.getException() == null && exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null
                ? exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) : null;
        metrics.recordD6Call(callDuration(exchange).toNanos(), status == null ? "error" : String.valueOf(status));
    }

    private static Duration callDuration(Exchange exchange) {
        Long started = exchange.getProperty(CALL_STARTED, Long.class);
        return started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    private static void waitingForD6(Exchange exchange) {
        if (exchange.getProperty(RequestProperties.FAIL_FAST, false, Boolean.class)
                || exchange.getProperty(WAIT_LOGGED, false, Boolean.class)) {
            return;
        }
        exchange.setProperty(WAIT_LOGGED, true);
        LOG.info("Request {} waits for d6: the circuit breaker is open; its attempts are kept for when d6 responds",
                exchange.getProperty(RequestProperties.REQUEST, ClientStateRequest.class).requestId());
    }
}
