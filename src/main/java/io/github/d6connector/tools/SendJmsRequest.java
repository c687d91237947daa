package io.github.d6connector.tools;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * Sends one request to the connector's JMS request queue and prints the outcome the connector sends back
 * to a temporary reply queue. For trying the JMS input without other tools:
 *
 * <pre>
 * java -cp target/d6-client-state-connector.jar io.github.d6connector.tools.SendJmsRequest \
 *     '{"school_login_id": 1001, "api_type_id": 8, "state": 1}'
 * </pre>
 *
 * <p>Optional second and third arguments: the broker URL (default {@code tcp://127.0.0.1:61616}) and the
 * queue (default {@code d6.client-state.requests}).
 */
public final class SendJmsRequest {

    private static final long REPLY_TIMEOUT_MILLIS = 60_000;

    private SendJmsRequest() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("Usage: SendJmsRequest '<request JSON>' [broker URL] [queue]");
            System.exit(2);
        }
        String brokerUrl = args.length > 1 ? args[1] : "tcp://127.0.0.1:61616";
        String queue = args.length > 2 ? args[2] : "d6.client-state.requests";

        try (Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            TemporaryQueue replyQueue = session.createTemporaryQueue();
            TextMessage request = session.createTextMessage(args[0]);
            request.setJMSReplyTo(replyQueue);

            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.send(request);
            System.out.println("Sent " + request.getJMSMessageID() + " to " + queue + " on " + brokerUrl);

            Message reply = session.createConsumer(replyQueue).receive(REPLY_TIMEOUT_MILLIS);
            if (reply instanceof TextMessage text) {
                System.out.println(text.getText());
            } else {
                System.err.println("No outcome within " + REPLY_TIMEOUT_MILLIS / 1000 + " s; is the connector running?");
                System.exit(1);
            }
        }
    }
}
