package io.github.d6connector.broker;

import java.io.File;

import org.apache.activemq.broker.BrokerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ Classic broker that runs inside the connector when no external broker is configured.
 *
 * <p>Messages are persistent (KahaDB under the data folder), so a restart loses none. Besides the in-JVM
 * {@code vm://} transport the broker listens on a localhost TCP port, so other systems on the same host can
 * send requests over OpenWire. The broker has no shutdown hook of its own: the connector stops it after
 * Camel has stopped, so no consumer loses its connection while finishing in-flight work.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long STORE_LIMIT_BYTES = 1024L * 1024 * 1024;
    private static final long TEMP_LIMIT_BYTES = 256L * 1024 * 1024;

    private final BrokerService broker = new BrokerService();
    private final int tcpPort;
    private final String brokerName;

    public EmbeddedBroker(File dataDirectory, int tcpPort) {
        this.tcpPort = tcpPort;
        this.brokerName = "d6-connector-" + tcpPort;
        broker.setBrokerName(brokerName);
        broker.setDataDirectoryFile(dataDirectory);
        broker.setPersistent(true);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setAdvisorySupport(false);
        broker.getSystemUsage().getStoreUsage().setLimit(STORE_LIMIT_BYTES);
        broker.getSystemUsage().getTempUsage().setLimit(TEMP_LIMIT_BYTES);
    }

    public void start() throws Exception {
        broker.addConnector("tcp://127.0.0.1:" + tcpPort);
        broker.start();
        broker.waitUntilStarted();
        LOG.info("Embedded ActiveMQ broker started: OpenWire on tcp://127.0.0.1:{}, data in {}", tcpPort,
                broker.getDataDirectoryFile());
    }

    /** Returns whether the broker has started and is not stopping. */
    public boolean isRunning() {
        return broker.isStarted() && !broker.isStopping() && !broker.isStopped();
    }

    /**
     * Returns the URL clients inside this JVM use: the in-memory transport, which never creates a broker. The
     * broker's name carries its port, so two connectors in one JVM (as in tests) never share a broker.
     */
    public String inJvmUrl() {
        return "vm://" + brokerName + "?create=false";
    }

    @Override
    public void close() throws Exception {
        if (broker.isStarted()) {
            broker.stop();
            broker.waitUntilStopped();
            LOG.info("Embedded ActiveMQ broker stopped");
        }
    }
}
