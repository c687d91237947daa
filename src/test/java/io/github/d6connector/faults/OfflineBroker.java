package io.github.d6connector.faults;

import java.nio.file.Path;
import java.util.List;

import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;

/**
 * Opens the message store of a stopped connector's embedded broker in the test JVM, without any network
 * connector, to see what the connector left on its queues. The embedded broker keeps its KahaDB store under
 * {@code connector.data-dir/broker/d6-connector-<port>}, so the broker name must carry the same port.
 */
final class OfflineBroker implements AutoCloseable {

    /** Messages a queue browser may see; ActiveMQ's default of 400 would hide the rest of a long queue. */
    private static final int MAX_BROWSED_MESSAGES = 10_000;

    private final BrokerService broker = new BrokerService();
    private final String brokerName;

    private OfflineBroker(Path brokerDataFolder, String embeddedPort) {
        this.brokerName = "d6-connector-" + embeddedPort;
        broker.setBrokerName(brokerName);
        broker.setDataDirectoryFile(brokerDataFolder.toFile());
        broker.setPersistent(true);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setAdvisorySupport(false);
        PolicyEntry browseEverything = new PolicyEntry();
        browseEverything.setMaxBrowsePageSize(MAX_BROWSED_MESSAGES);
        browseEverything.setMaxPageSize(MAX_BROWSED_MESSAGES);
        PolicyMap policies = new PolicyMap();
        policies.setDefaultEntry(browseEverything);
        broker.setDestinationPolicy(policies);
    }

    /** Starts a broker on the store of the connector whose data folder and embedded port are given. */
    static OfflineBroker open(Path connectorDataFolder, String embeddedPort) throws Exception {
        OfflineBroker offline = new OfflineBroker(connectorDataFolder.resolve("broker"), embeddedPort);
        offline.broker.start();
        offline.broker.waitUntilStarted();
        return offline;
    }

    /** Returns the text of every message on a queue without consuming any. */
    List<String> browse(String queue) throws Exception {
        return OutcomeCollector.browse("vm://" + brokerName + "?create=false", queue);
    }

    @Override
    public void close() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
    }
}
