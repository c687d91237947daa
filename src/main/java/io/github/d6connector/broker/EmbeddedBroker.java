package io.github.d6connector.broker;

import java.io.File;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
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
    private static final long MEMORY_LIMIT_BYTES = 64L * 1024 * 1024;

    /**
     * Index pages of the message store kept in the heap: about 4 KB each, so at most about 8 MB. KahaDB's
     * default of 10,000 pages could fill some 40 MB of a 128 MB heap while outcome messages pile up. Pages
     * beyond the cache are read from the index file, which the operating system caches.
     */
    private static final int INDEX_CACHE_PAGES = 2000;
    private static final long WAIT_FOR_START_MILLIS = 60_000;

    private final BrokerService broker = new BrokerService();
    private final int tcpPort;
    private final String brokerName;
    private volatile CompletableFuture<Void> starting;

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
        // Messages beyond this stay in the store and are read back when consumers reach them, so a backlog
        // of requests does not fill the connector's heap.
        broker.getSystemUsage().getMemoryUsage().setLimit(
                Math.min(MEMORY_LIMIT_BYTES, Runtime.getRuntime().maxMemory() / 4));
    }

    /**
     * Starts the broker on a thread of its own, so that the rest of the connector starts meanwhile. Clients
     * of {@link #inJvmUrl()} wait for the start; {@link #awaitStarted()} reports a failed one.
     */
    public void startInBackground() {
        starting = CompletableFuture.runAsync(() -> {
            try {
                start();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, task -> {
            Thread thread = new Thread(task, "embedded-broker-start");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Waits until a start begun by {@link #startInBackground()} has ended; throws what made it fail. */
    public void awaitStarted() throws Exception {
        if (starting == null) {
            return;
        }
        try {
            starting.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    public void start() throws Exception {
        if (broker.getPersistenceAdapter() instanceof KahaDBPersistenceAdapter store) {
            store.setIndexCacheSize(INDEX_CACHE_PAGES);
        }
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

    /** Index pages of the message store the broker keeps in the heap. */
    int indexCachePages() throws java.io.IOException {
        return broker.getPersistenceAdapter() instanceof KahaDBPersistenceAdapter store ? store.getIndexCacheSize() : 0;
    }

    /**
     * Returns the URL clients inside this JVM use: the in-memory transport, which never creates a broker. The
     * broker's name carries its port, so two connectors in one JVM (as in tests) never share a broker. A
     * client that connects while the broker is still starting waits for it.
     */
    public String inJvmUrl() {
        return "vm://" + brokerName + "?create=false&waitForStart=" + WAIT_FOR_START_MILLIS;
    }

    @Override
    public void close() throws Exception {
        try {
            awaitStarted();
        } catch (Exception e) {
            LOG.debug("The embedded broker had not started: {}", e.toString());
        }
        if (broker.isStarted()) {
            broker.stop();
            broker.waitUntilStopped();
            LOG.info("Embedded ActiveMQ broker stopped");
        }
    }
}
