package io.github.d6connector.config;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Things the connector starts outside Camel (the embedded broker, the d6 sandbox, the JMS connection
 * factory). They are closed after Camel has stopped, in the reverse order of their start.
 */
public final class ConnectorResources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorResources.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    public synchronized <T extends AutoCloseable> T add(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Could not close {}", resource, e);
            }
        }
    }
}
