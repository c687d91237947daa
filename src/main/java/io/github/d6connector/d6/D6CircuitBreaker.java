package io.github.d6connector.d6;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Stops the connector from hammering d6 while it is down, using a Resilience4j circuit breaker fed with the
 * result of every d6 call.
 *
 * <p>When too many recent calls failed (5xx other than 501, timeouts, refused connections), the breaker
 * opens: the consumers of the input routes are paused (JMS messages stay on the queue, files in the inbox)
 * and requests already in flight wait without using up their attempts. After the probe interval the breaker
 * is half-open and lets one call through, a probe if nothing else is waiting; when d6 responds, it closes and
 * the consumers resume. The Camel circuit breaker EIP is not used because it cannot pause consumers.
 */
public final class D6CircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(D6CircuitBreaker.class);

    private final CircuitBreaker breaker;
    private final CamelContext context;
    private final List<String> pausedRouteIds;
    private final ScheduledExecutorService scheduler;
    private volatile BooleanSupplier probe = () -> false;

    /**
     * @param pausedRouteIds routes whose consumers pause while the breaker is open
     */
    public D6CircuitBreaker(CircuitBreakerSettings settings, CamelContext context, List<String> pausedRouteIds,
                            ScheduledExecutorService scheduler) {
        this.context = context;
        this.pausedRouteIds = List.copyOf(pausedRouteIds);
        this.scheduler = scheduler;
        this.breaker = CircuitBreaker.of("d6", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.probeInterval())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> onTransition(event.getStateTransition()));
    }

    /** Sets the call made when the breaker turns half-open and no request is waiting; it returns whether d6 answered. */
    public void setProbe(BooleanSupplier probe) {
        this.probe = probe;
    }

    /** Returns whether a call to d6 may start now; every permitted call must report its result. */
    public boolean tryAcquirePermission() {
        return breaker.tryAcquirePermission();
    }

    /** Reports a call that got an answer from d6 (any status except 500, 502, 503 and 504). */
    public void succeeded(Duration duration) {
        breaker.onSuccess(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Reports a call that failed: a 500, 502, 503 or 504, a timeout or a connection error. */
    public void failed(Duration duration, Throwable failure) {
        breaker.onError(duration.toNanos(), TimeUnit.NANOSECONDS, failure);
    }

    /** Reports a call whose result says nothing about d6's health, such as a 429. */
    public void ignored() {
        breaker.releasePermission();
    }

    /** Returns {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    public String state() {
        CircuitBreaker.State state = breaker.getState();
        return switch (state) {
            case CLOSED, OPEN, HALF_OPEN -> state.name();
            default -> "CLOSED";
        };
    }

    private void onTransition(CircuitBreaker.StateTransition transition) {
        switch (transition.getToState()) {
            case OPEN -> {
                LOG.warn("d6 circuit OPEN: {}% of the last calls failed; pausing {} and probing d6 every {} s",
                        Math.round(breaker.getMetrics().getFailureRate()), pausedRouteIds,
                        breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) / 1000);
                scheduler.execute(() -> setConsumersPaused(true));
            }
            case HALF_OPEN -> {
                LOG.info("d6 circuit HALF_OPEN: trying one call to d6");
                scheduler.execute(this::probeIfIdle);
            }
            case CLOSED -> {
                LOG.info("d6 circuit CLOSED: d6 answers again; resuming {}", pausedRouteIds);
                scheduler.execute(() -> setConsumersPaused(false));
            }
            default -> LOG.info("d6 circuit {}", transition.getToState());
        }
    }

    private void probeIfIdle() {
        if (breaker.getState() != CircuitBreaker.State.HALF_OPEN || !breaker.tryAcquirePermission()) {
            return;
        }
        long started = System.nanoTime();
        boolean answered;
        try {
            answered = probe.getAsBoolean();
        } catch (RuntimeException e) {
            answered = false;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (answered) {
            succeeded(took);
        } else {
            failed(took, new D6UnavailableException());
        }
    }

    private void setConsumersPaused(boolean paused) {
        for (String routeId : pausedRouteIds) {
            Route route = context.getRoute(routeId);
            if (route == null) {
                continue;
            }
            Consumer consumer = route.getConsumer();
            try {
                if (paused) {
                    ServiceHelper.suspendService(consumer);
                } else {
                    ServiceHelper.resumeService(consumer);
                }
            } catch (RuntimeException e) {
                LOG.error("Could not {} the consumer of route {}", paused ? "pause" : "resume", routeId, e);
            }
        }
    }

    /**
     * Settings of the breaker.
     *
     * @param window               number of recent calls the failure rate is computed over
     * @param minimumCalls         calls needed before the breaker may open
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param probeInterval        time the breaker stays open before it lets one call through
     */
    public record CircuitBreakerSettings(int window, int minimumCalls, float failureRateThreshold,
                                         Duration probeInterval) {
    }
}
