package io.github.d6connector.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the JMS broker. The probe is cheap: the embedded broker's state, or the JMS connection that the
 * connector already shares, which is only opened again when it was lost.
 */
public final class BrokerHealthCheck extends AbstractHealthCheck {

    /** Checks the broker and throws when it cannot be used. */
    @FunctionalInterface
    public interface Probe {
        void check() throws Exception;
    }

    private final String broker;
    private final Probe probe;

    /** @param broker what the broker is, for the check's details, such as {@code embedded} */
    public BrokerHealthCheck(String broker, Probe probe) {
        super("connector", "jms-broker");
        this.broker = broker;
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("broker", broker);
        try {
            probe.check();
            builder.up();
        } catch (Exception e) {
            builder.message("JMS broker " + broker + " cannot be used: " + e.getClass().getSimpleName());
            builder.down();
        }
    }
}
