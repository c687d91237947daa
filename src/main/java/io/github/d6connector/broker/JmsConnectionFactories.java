package io.github.d6connector.broker;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
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

    public static CachingConnectionFactory create(String brokerUrl, String username, String password) {
        ActiveMQConnectionFactory activeMq = new ActiveMQConnectionFactory(brokerUrl);
        if (username != null && !username.isBlank()) {
            activeMq.setUserName(username);
            activeMq.setPassword(password);
        }
        activeMq.setWatchTopicAdvisories(false);

        CachingConnectionFactory caching = new CachingConnectionFactory((ConnectionFactory) activeMq);
        caching.setSessionCacheSize(SESSION_CACHE_SIZE);
        caching.setCacheConsumers(false);
        caching.setReconnectOnException(true);
        return caching;
    }
}
