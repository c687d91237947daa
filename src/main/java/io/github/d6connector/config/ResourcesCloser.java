package io.github.d6connector.config;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Closes the connector's resources once Camel has stopped: then no route still uses the broker. Closing on
 * this event, rather than after {@code Main.run()} returns, also works when a SIGTERM stops the JVM, because
 * the event fires inside Camel's own shutdown hook.
 */
public final class ResourcesCloser extends EventNotifierSupport {

    private final ConnectorResources resources;

    public ResourcesCloser(ConnectorResources resources) {
        this.resources = resources;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        resources.close();
    }
}
