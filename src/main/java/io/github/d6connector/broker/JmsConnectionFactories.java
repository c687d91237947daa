package io.github.d6connector.broker;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Creates the JMS connection factory of the connector: an OpenWire client for the embedded broker or an
 * external ActiveMQ Classic or Artemis broker, with one shared connection and cached sessions and producers
 * (a plain factory would open a connection for every message sent).
 */
public final class JmsConnectionFactories {

    private static final int SESSION_CACHE_SIZE = 20;

    private JmsConnectionFactories() {
    }

    /**
     * @param maximumRedeliveries times the broker delivers a rolled-back message again before it moves the
     *                            message to the dead-letter queue {@code ActiveMQ.DLQ}
     */
    public static CachingConnectionFactory create(String brokerUrl, String username, String password,
                                                  int maximumRedeliveries) {
        ActiveMQConnectionFactory activeMq = new ActiveMQConnectionFactory(brokerUrl);
        // A rolled-back message comes back to the same consumer after ActiveMQ's redelivery delay, 1 s by
        // default. The outcome delivery it failed on was already retried with back-off inside the connector.
        RedeliveryPolicy redelivery = activeMq.getRedeliveryPolicy();
        redelivery.setMaximumRedeliveries(maximumRedeliveries);
        if (username != null && !username.isBlank()) {
            activeMq.setUserName(username);
            activeMq.setPassword(password);
        }
        activeMq.setWatchTopicAdvisories(false);
        // Each consumer takes one message at a time, so a message waits for whichever consumer is free rather
        // than behind a busy one, and a stopping consumer has no prefetched messages to hand back.
        activeMq.getPrefetchPolicy().setQueuePrefetch(1);

        CachingConnectionFactory caching = new CachingConnectionFactory((ConnectionFactory) activeMq);
        caching.setSessionCacheSize(SESSION_CACHE_SIZE);
        caching.setCacheConsumers(false);
        caching.setReconnectOnException(true);
        return caching;
    }
}
