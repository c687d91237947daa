package io.github.d6connector.observe;

import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Camel's Micrometer route metrics ({@code camel_exchanges_*}, {@code camel_route_policy_seconds}) for the
 * routes a request enters by and the routes that time a whole request or d6 call. The internal routes that
 * every request passes through are left out: each timed route costs a timer sample per exchange, and a REST
 * call passes ten routes.
 *
 * <p>The connector installs this factory itself because Camel Main's {@code camel.metrics.*} settings cannot
 * leave routes out, so {@code camel.metrics.enable-route-policy} stays {@code false}.
 */
public final class RouteMetrics {

    /** Route id patterns of the internal steps of a request, in Camel's wildcard syntax. */
    static final String INTERNAL_ROUTES =
            "determine-outcome,decide-*,deliver-outcome,send-outcome,d6-send-*,d6-redeliver-*";

    private RouteMetrics() {
    }

    /** Adds the route policy factory to the context; call it before the routes are added. */
    public static void install(CamelContext context, MeterRegistry registry) {
        MicrometerRoutePolicyConfiguration configuration = new MicrometerRoutePolicyConfiguration();
        configuration.setExcludePattern(INTERNAL_ROUTES);

        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
        factory.setMeterRegistry(registry);
        factory.setPolicyConfiguration(configuration);
        context.addRoutePolicyFactory(factory);
    }
}
