package io.github.d6connector.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.JMSException;

import org.apache.activemq.broker.Broker;
import org.apache.activemq.broker.BrokerFilter;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.ConnectionContext;
import org.apache.activemq.broker.ProducerBrokerExchange;
import org.apache.activemq.command.ActiveMQTextMessage;
import org.apache.activemq.command.TransactionId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * An external ActiveMQ broker that fails under the connector: restarted while the connector consumes 100 JMS
 * requests from it, or failing one transaction commit. The connector's failover transport reconnects, and
 * every request still ends with exactly one outcome.
 */
class BrokerRestartTest {

    private static final int REQUESTS = 100;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path workFolder;

    private WireMockServer d6;
    private BrokerService broker;
    private TestConnector connector;
    private int brokerPort;

    @BeforeEach
    void startD6AndBroker() throws Exception {
        d6 = D6Stub.start();
        d6.stubFor(patch(urlPathMatching("/api/v1/settings/clients/[0-9]+"))
                .willReturn(aResponse().withStatus(200).withBody("[]").withFixedDelay(50)));
        brokerPort = TestConnector.freePort();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (connector != null) {
            connector.close();
        }
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
        }
        d6.stop();
    }

    @Test
    void brokerRestartKeepsOneOutcomePerRequest() throws Exception {
        broker = startBroker();
        startConnector();
        Map<String, Integer> requests = FaultRequests.numbered("broker-restart-", 330_000, REQUESTS);

        FaultRequests.sendJms(brokerUrl(), requests);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> D6Calls.patchCount(d6) >= REQUESTS / 2);
        broker.stop();
        broker.waitUntilStopped();
        int callsWhileStopped = D6Calls.patchCount(d6);
        broker = startBroker();

        OutcomeCollector.Records outcomes = OutcomeCollector.drain(brokerUrl(), requests.keySet(), WAIT);
        Map<String, Integer> callsByRequestId = D6Calls.patchesByRequestId(d6, requests);
        Map<String, Integer> calledTwice = new TreeMap<>(callsByRequestId);
        calledTwice.values().removeIf(calls -> calls != 2);
        System.out.printf("Broker restart: %d inputs, %d outcome records for %d distinct ids, missing %s,"
                        + " duplicates %s; %d d6 calls when the broker stopped, %d in all, called twice %s;"
                        + " outcomes %s%n",
                requests.size(), outcomes.all().size(), outcomes.distinctIds().size(),
                outcomes.missingIds(requests.keySet()), outcomes.duplicateIds(), callsWhileStopped,
                D6Calls.patchCount(d6), calledTwice, outcomes.countsByOutcome());

        assertThat(outcomes.missingIds(requests.keySet())).as("request ids without an outcome record").isEmpty();
        assertThat(outcomes.unexpectedIds(requests.keySet())).as("outcome records of unknown ids").isEmpty();
        assertThat(outcomes.byRequestId().values()).as("final outcomes")
                .allSatisfy(record -> assertThat(record.path("outcome").asText()).isEqualTo("CHANGED"));
        assertThat(callsByRequestId).as("d6 calls per request").allSatisfy((requestId, calls) ->
                assertThat(calls).as("d6 calls for %s", requestId).isBetween(1, 2));
        assertThat(D6Calls.undocumentedPatches(d6)).as("calls that differ from the documented PATCH").isEmpty();
    }

    @Test
    void failedCommitStillDeliversOutcome() throws Exception {
        FailingCommit failingCommit = new FailingCommit("commit-fails-once");
        broker = startBroker(failingCommit);
        startConnector();

        FaultRequests.sendJms(brokerUrl(), Map.of("commit-fails-once", 331_000));
        OutcomeCollector.Records outcomes = OutcomeCollector.drain(brokerUrl(), List.of("commit-fails-once"),
                Duration.ofSeconds(15));

        assertThat(failingCommit.failedCommits()).as("commits failed by the broker").isEqualTo(1);
        assertThat(D6Calls.patchesBySchool(d6)).as("d6 calls per school").isEqualTo(Map.of(331_000, 1));
        assertThat(outcomes.all()).as("outcome records of the request").hasSize(1);
    }

    private void startConnector() throws Exception {
        connector = TestConnector.start(d6.baseUrl(), workFolder.resolve("connector"), Map.of(
                "connector.jms.broker-url", "failover:(" + brokerUrl() + ")?maxReconnectAttempts=-1"
                        + "&initialReconnectDelay=100",
                "connector.idempotency.window", "600000",
                "connector.batch.folder", workFolder.resolve("batches").toString(),
                "d6.rate-limit.requests-per-second", "0"));
    }

    private String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    /** Starts a persistent broker on the test's data folder and port; a restart finds the same messages. */
    private BrokerService startBroker(BrokerPlugin... plugins) throws Exception {
        BrokerService started = new BrokerService();
        started.setPlugins(plugins);
        started.setBrokerName("external-broker");
        started.setDataDirectoryFile(workFolder.resolve("broker").toFile());
        started.setPersistent(true);
        started.setUseJmx(false);
        started.setUseShutdownHook(false);
        started.setAdvisorySupport(false);
        started.addConnector(brokerUrl());
        started.start();
        started.waitUntilStarted();
        return started;
    }

    /**
     * Fails, once, the commit of the transaction in which the connector sends the outcome of one request. The
     * broker rolls the transaction back and the connector's commit throws, as happens when the broker
     * connection drops or the connector process dies between sending the outcome and committing.
     */
    private static final class FailingCommit implements BrokerPlugin {

        private final String requestId;
        private final Set<TransactionId> transactionsWithOutcome = ConcurrentHashMap.newKeySet();
        private final AtomicInteger failedCommits = new AtomicInteger();

        FailingCommit(String requestId) {
            this.requestId = requestId;
        }

        int failedCommits() {
            return failedCommits.get();
        }

        @Override
        public Broker installPlugin(Broker next) {
            return new BrokerFilter(next) {

                @Override
                public void send(ProducerBrokerExchange producerExchange, org.apache.activemq.command.Message message)
                        throws Exception {
                    if (message.getTransactionId() != null
                            && message.getDestination().getPhysicalName().equals(OutcomeCollector.SUCCESS_QUEUE)
                            && message instanceof ActiveMQTextMessage text
                            && text.getText().contains("\"request_id\":\"" + requestId + "\"")) {
                        transactionsWithOutcome.add(message.getTransactionId());
                    }
                    super.send(producerExchange, message);
                }

                @Override
                public void commitTransaction(ConnectionContext context, TransactionId transactionId, boolean onePhase)
                        throws Exception {
                    if (transactionsWithOutcome.remove(transactionId) && failedCommits.compareAndSet(0, 1)) {
                        super.rollbackTransaction(context, transactionId);
                        throw new JMSException("commit failed: the test broker rolled the transaction back");
                    }
                    super.commitTransaction(context, transactionId, onePhase);
                }
            };
        }
    }
}
