package io.github.d6connector.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {

    @TempDir
    Path dataFolder;

    @Test
    void keepsMessagesWithSmallIndexCache() throws Exception {
        int port = freePort();
        File brokerFolder = dataFolder.resolve("broker").toFile();

        try (EmbeddedBroker broker = new EmbeddedBroker(brokerFolder, port)) {
            broker.start();

            assertThat(broker.indexCachePages()).isEqualTo(2000);
            assertThat(new File(brokerFolder, "d6-connector-" + port + "/KahaDB")).isDirectory();
            send(broker.inJvmUrl(), "kept across the restart");
        }

        try (EmbeddedBroker restarted = new EmbeddedBroker(brokerFolder, port)) {
            restarted.start();

            assertThat(receive(restarted.inJvmUrl())).isEqualTo("kept across the restart");
        }
    }

    private static void send(String url, String text) throws Exception {
        try (Connection connection = new ActiveMQConnectionFactory(url).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("broker.test"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(session.createTextMessage(text));
        }
    }

    private static String receive(String url) throws Exception {
        try (Connection connection = new ActiveMQConnectionFactory(url).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("broker.test"));
            TextMessage message = (TextMessage) consumer.receive(10_000);
            return message == null ? null : message.getText();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
