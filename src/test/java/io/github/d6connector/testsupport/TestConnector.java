package io.github.d6connector.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.ActiveMQConnectionFactory;

import io.github.d6connector.ConnectorApplication;
import io.github.d6connector.clients.ClientsCache;
import io.github.d6connector.clients.ClientsLookup;

/**
 * A real connector started in the test JVM from the project's own {@code application.properties} and
 * {@code routes/}, pointed at a d6 stub, with its own free ports and folders under a test's temporary folder.
 */
public final class TestConnector implements AutoCloseable {

    public static final String D6_USERNAME = "test-integrator";
    public static final String D6_PASSWORD = "test-password-7f3a";
    public static final String API_KEY = "test-api-key-41c9";

    private final ConnectorApplication application;
    private final Path workFolder;
    private final int restPort;
    private final int brokerPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestConnector(Path workFolder, Map<String, String> settings) {
        this.workFolder = workFolder;
        this.restPort = Integer.parseInt(settings.get("connector.rest.port"));
        this.brokerPort = Integer.parseInt(settings.get("connector.jms.embedded-port"));
        Properties overrides = new Properties();
        overrides.putAll(settings);
        this.application = new ConnectorApplication(overrides);
    }

    /**
     * Starts a connector that calls d6 at {@code d6BaseUrl} with fast redelivery (50 ms initial delay, 500 ms
     * maximum, 3 redeliveries) and no request ledger, so that tests repeating a file name or request id
     * still reach d6. Entries of {@code extraSettings} replace these defaults.
     */
    public static TestConnector start(String d6BaseUrl, Path workFolder, Map<String, String> extraSettings)
            throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("d6.base-url", d6BaseUrl);
        settings.put("d6.username", D6_USERNAME);
        settings.put("d6.password", D6_PASSWORD);
        settings.put("d6.sandbox.enabled", "false");
        settings.put("d6.retry.maximum-redeliveries", "3");
        settings.put("d6.retry.initial-delay", "50");
        settings.put("d6.retry.multiplier", "2.0");
        settings.put("d6.retry.maximum-delay", "500");
        settings.put("d6.http.connect-timeout", "2000");
        settings.put("d6.http.response-timeout", "5000");
        settings.put("connector.rest.host", "127.0.0.1");
        settings.put("connector.rest.port", String.valueOf(freePort()));
        settings.put("connector.rest.api-key", API_KEY);
        settings.put("connector.jms.embedded-port", String.valueOf(freePort()));
        settings.put("connector.data-dir", workFolder.resolve("data").toString());
        settings.put("connector.file.inbox", workFolder.resolve("inbox").toString());
        settings.put("connector.file.outbox", workFolder.resolve("outbox").toString());
        settings.put("connector.file.poll-delay", "100");
        settings.put("connector.file.read-lock-check-interval", "100");
        settings.put("connector.file.retry-delay", "1000");
        settings.put("connector.idempotency.window", "0");
        settings.put("d6.circuit.enabled", "false");
        settings.putAll(extraSettings);

        TestConnector connector = new TestConnector(workFolder, settings);
        connector.application.start();
        return connector;
    }

    public static TestConnector start(String d6BaseUrl, Path workFolder) throws Exception {
        return start(d6BaseUrl, workFolder, Map.of());
    }

    public ConnectorApplication application() {
        return application;
    }

    public Path inbox() {
        return workFolder.resolve("inbox");
    }

    public Path outbox() {
        return workFolder.resolve("outbox");
    }

    /** Returns the folder of the outcome journal. */
    public Path journalFolder() {
        return workFolder.resolve("data").resolve("journal");
    }

    public int restPort() {
        return restPort;
    }

    /** Returns the OpenWire URL of the embedded broker, as another system on this host would use it. */
    public String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    /** Sends a PATCH to the connector's REST API with the right key and a JSON body. */
    public HttpResponse<String> patchIntegrationState(String schoolLoginId, String body) throws Exception {
        return rest("PATCH", "/api/v1/clients/" + schoolLoginId + "/integration-state", body,
                Map.of("X-API-Key", API_KEY, "Content-Type", "application/json"));
    }

    /** Sends {@code GET /api/v1/clients} followed by {@code pathSuffix}, such as {@code /1000}, with the right key. */
    public HttpResponse<String> getClients(String pathSuffix) throws IOException, InterruptedException {
        return rest("GET", "/api/v1/clients" + pathSuffix, null, Map.of("X-API-Key", API_KEY));
    }

    /** Returns the connector's Get Clients cache, so that a test can start from an empty one. */
    public ClientsCache clientsCache() {
        return application.camelContext().getRegistry().lookupByNameAndType("clientsLookup", ClientsLookup.class)
                .cache();
    }

    /** Sends any request to the connector's REST API with exactly the given headers. */
    public HttpResponse<String> rest(String method, String pathAndQuery, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return rest(http, "http", method, pathAndQuery, body, headers);
    }

    /** Sends a GET with the default key and returns the response. */
    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return rest("GET", pathAndQuery, null, Map.of("X-API-Key", API_KEY));
    }

    /** Sends any request to the REST API through {@code client}, over {@code scheme} (http or https). */
    public HttpResponse<String> rest(HttpClient client, String scheme, String method, String pathAndQuery, String body,
                                     Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(scheme + "://127.0.0.1:" + restPort + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a JMS connection to the embedded broker over TCP; the caller closes it. */
    public Connection openJmsConnection() throws JMSException {
        Connection connection = new ActiveMQConnectionFactory(brokerUrl()).createConnection();
        connection.start();
        return connection;
    }

    /** Sends one text message to a queue of the embedded broker. */
    public void sendText(String queue, String text) throws JMSException {
        try (Connection connection = openJmsConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage(text));
        }
    }

    /**
     * Receives text messages from a queue until {@code count} have arrived or {@code timeout} has passed.
     */
    public List<TextMessage> receiveTexts(String queue, int count, Duration timeout) throws JMSException {
        List<TextMessage> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = openJmsConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            while (received.size() < count) {
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (left <= 0) {
                    break;
                }
                Message message = consumer.receive(left);
                if (message instanceof TextMessage text) {
                    received.add(text);
                }
            }
        }
        return received;
    }

    /** Receives the first text message on a queue that matches a JMS selector, or null after the timeout. */
    public TextMessage receiveText(String queue, String selector, Duration timeout) throws JMSException {
        try (Connection connection = openJmsConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
            return (TextMessage) consumer.receive(timeout.toMillis());
        }
    }

    /** Waits for and returns the only result file in the outbox. */
    public Path awaitResultFile(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(outbox())) {
                try (var files = Files.list(outbox())) {
                    List<Path> results = files.filter(p -> p.getFileName().toString().endsWith(".result.json")).toList();
                    if (!results.isEmpty()) {
                        return results.get(0);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No result file appeared in " + outbox() + " within " + timeout);
    }

    @Override
    public void close() {
        application.stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
