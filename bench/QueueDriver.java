import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.ActiveMQConnectionFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Load driver for the connector's JMS and file-drop inputs. It feeds requests in, then reads the outcome
 * records from the success and error queues of the embedded broker (OpenWire over TCP) until every request
 * of this run has its outcome.
 *
 * <p>{@code bench/run.sh} compiles it with the other drivers against the connector jar, which contains the
 * ActiveMQ client and Jackson, and runs it with the jar on the class path.
 *
 * <p>Modes:
 * <ul>
 * <li>{@code jms}: sends {@code --requests} persistent text messages to the request queue, in transactions of
 * {@code --batch} messages, all at once or paced at {@code --rate} messages per second;</li>
 * <li>{@code files}: writes {@code --requests} single-request JSON files to a staging folder next to
 * {@code --inbox}, then renames them into the inbox;</li>
 * <li>{@code csv}: writes one CSV of {@code --requests} rows and renames it into the inbox;</li>
 * <li>{@code follow}: consumes outcomes from both queues, as a downstream system would, until the file
 * {@code --stop-file} exists and the queues are empty;</li>
 * <li>{@code drain}: removes every message from the outcome queues and prints how many there were.</li>
 * </ul>
 *
 * <p>Prints one JSON object. The rate is requests divided by the time from the first request made available
 * (message committed, file renamed into the inbox) until the last outcome arrived. {@code processing_*}
 * figures come from the outcome records: {@code finished_at - started_at} of each request, which the
 * connector stamps after reading the request and before sending its outcome. {@code added_*} subtracts
 * {@code --d6-latency-ms}. {@code driver_*} latencies are from the driver's clock: message commit to outcome
 * arrival; they include queueing, so they mean added latency only in a paced run.
 */
public final class QueueDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        String mode = options.getOrDefault("mode", "jms");
        String broker = options.getOrDefault("broker", "tcp://127.0.0.1:61616");
        int requests = Integer.parseInt(options.getOrDefault("requests", "10000"));
        int firstSchool = Integer.parseInt(options.getOrDefault("first-school", "200000"));
        String tag = options.getOrDefault("tag", "bench-" + System.currentTimeMillis());
        double d6LatencyMillis = Double.parseDouble(options.getOrDefault("d6-latency-ms", "0"));
        long timeoutSeconds = Long.parseLong(options.getOrDefault("timeout", "900"));
        String successQueue = options.getOrDefault("success-queue", "d6.client-state.outcomes");
        String errorQueue = options.getOrDefault("error-queue", "d6.client-state.errors");

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker);
        factory.setWatchTopicAdvisories(false);
        Connection connection = factory.createConnection();
        connection.start();
        try {
            if (mode.equals("follow")) {
                Path stopFile = Path.of(required(options, "stop-file"));
                int consumed = follow(connection, successQueue, errorQueue, stopFile);
                System.out.println("{\"mode\":\"follow\",\"consumed\":" + consumed + "}");
                return;
            }
            if (mode.equals("drain")) {
                int drained = drain(connection, successQueue) + drain(connection, errorQueue);
                System.out.println("{\"mode\":\"drain\",\"drained\":" + drained + "}");
                return;
            }
            Collector collector = new Collector(tag, requests);
            collector.listen(connection, successQueue, false);
            collector.listen(connection, errorQueue, true);

            long[] availableAt = new long[requests];
            long firstAvailable = switch (mode) {
                case "jms" -> sendMessages(connection, options, tag, requests, firstSchool, availableAt, collector);
                case "files" -> dropFiles(Path.of(required(options, "inbox")), tag, requests, firstSchool);
                case "csv" -> dropCsv(Path.of(required(options, "inbox")), tag, requests, firstSchool);
                default -> throw new IllegalArgumentException("Unknown --mode " + mode + "; use jms, files, csv or drain");
            };
            boolean complete = collector.done.await(timeoutSeconds, TimeUnit.SECONDS);
            System.out.println(collector.json(mode, requests, firstAvailable, availableAt, d6LatencyMillis, complete));
        } finally {
            connection.close();
        }
    }

    private static long sendMessages(Connection connection, Map<String, String> options, String tag, int requests,
                                     int firstSchool, long[] availableAt, Collector collector) throws Exception {
        int batch = Integer.parseInt(options.getOrDefault("batch", "100"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "0"));
        String requestQueue = options.getOrDefault("request-queue", "d6.client-state.requests");
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = session.createProducer(session.createQueue(requestQueue));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        collector.messageIndex = availableAt;
        long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
        long started = System.nanoTime();
        int pending = 0;
        for (int i = 0; i < requests; i++) {
            if (intervalNanos > 0) {
                long wait = started + i * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            TextMessage message = session.createTextMessage(
                    "{\"school_login_id\":" + (firstSchool + i) + ",\"api_type_id\":8,\"state\":1}");
            message.setJMSCorrelationID(tag + "-" + i);
            producer.send(message);
            pending++;
            if (pending >= batch || intervalNanos > 0 || i == requests - 1) {
                session.commit();
                long now = System.nanoTime();
                for (int j = i - pending + 1; j <= i; j++) {
                    availableAt[j] = now;
                }
                pending = 0;
            }
        }
        session.close();
        return started;
    }

    private static long dropFiles(Path inbox, String tag, int requests, int firstSchool) throws IOException {
        Path staging = staging(inbox);
        List<Path> written = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            Path file = staging.resolve(tag + "-" + i + ".json");
            Files.writeString(file, "{\"school_login_id\":" + (firstSchool + i)
                    + ",\"api_type_id\":8,\"state\":1,\"request_id\":\"" + tag + "-" + i + "\"}");
            written.add(file);
        }
        Files.createDirectories(inbox);
        long started = System.nanoTime();
        for (Path file : written) {
            Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        return started;
    }

    private static long dropCsv(Path inbox, String tag, int requests, int firstSchool) throws IOException {
        Path staging = staging(inbox);
        Path file = staging.resolve(tag + ".csv");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write("school_login_id,api_type_id,state\n");
            for (int i = 0; i < requests; i++) {
                writer.write((firstSchool + i) + ",8,1\n");
            }
        }
        Files.createDirectories(inbox);
        long started = System.nanoTime();
        Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        return started;
    }

    private static Path staging(Path inbox) throws IOException {
        Path staging = inbox.toAbsolutePath().getParent().resolve("staging");
        Files.createDirectories(staging);
        return staging;
    }

    /** Consumes outcomes as a downstream system would, until the stop file exists and both queues are empty. */
    private static int follow(Connection connection, String successQueue, String errorQueue, Path stopFile)
            throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer success = session.createConsumer(session.createQueue(successQueue));
        MessageConsumer error = session.createConsumer(session.createQueue(errorQueue));
        int count = 0;
        while (true) {
            Message message = success.receive(200);
            if (message == null) {
                message = error.receiveNoWait();
            }
            if (message != null) {
                count++;
            } else if (Files.exists(stopFile)) {
                break;
            }
        }
        session.close();
        return count;
    }

    private static int drain(Connection connection, String queue) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
        int count = 0;
        while (consumer.receive(500) != null) {
            count++;
        }
        session.close();
        return count;
    }

    /** Reads the outcomes of this run's requests, recognised by the tag their request id starts with. */
    private static final class Collector {

        private final String tag;
        private final int expected;
        private final CountDownLatch done;
        private final AtomicInteger received = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();
        private final AtomicInteger ignored = new AtomicInteger();
        private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        private final long[] processingNanos;
        private final long[] arrivedAt;
        private final AtomicLong firstStartedMicros = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong lastFinishedMicros = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong lastArrival = new AtomicLong();
        private volatile long[] messageIndex;

        Collector(String tag, int expected) {
            this.tag = tag;
            this.expected = expected;
            this.done = new CountDownLatch(expected);
            this.processingNanos = new long[expected];
            this.arrivedAt = new long[expected];
        }

        void listen(Connection connection, String queue, boolean errorQueue) throws JMSException {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            consumer.setMessageListener(message -> onOutcome(message, errorQueue));
        }

        private void onOutcome(Message message, boolean errorQueue) {
            long now = System.nanoTime();
            try {
                JsonNode record = JSON.readTree(((TextMessage) message).getText());
                String requestId = record.path("request_id").asText();
                if (!requestId.startsWith(tag)) {
                    ignored.incrementAndGet();
                    return;
                }
                int slot = received.getAndIncrement();
                if (slot >= expected) {
                    ignored.incrementAndGet();
                    return;
                }
                if (errorQueue) {
                    errors.incrementAndGet();
                }
                outcomes.computeIfAbsent(record.path("outcome").asText(), o -> new AtomicInteger()).incrementAndGet();
                Instant started = Instant.parse(record.path("started_at").asText());
                Instant finished = Instant.parse(record.path("finished_at").asText());
                processingNanos[slot] = Duration.between(started, finished).toNanos();
                firstStartedMicros.accumulateAndGet(micros(started), Math::min);
                lastFinishedMicros.accumulateAndGet(micros(finished), Math::max);
                long[] index = messageIndex;
                int dash = requestId.lastIndexOf('-');
                if (index != null && dash > 0) {
                    int i = Integer.parseInt(requestId.substring(dash + 1));
                    arrivedAt[slot] = now - index[i];
                }
                lastArrival.accumulateAndGet(now, Math::max);
                done.countDown();
            } catch (Exception e) {
                System.err.println("Unreadable outcome message: " + e);
            }
        }

        private static long micros(Instant instant) {
            return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
        }

        String json(String mode, int requests, long firstAvailable, long[] availableAt, double d6LatencyMillis,
                    boolean complete) {
            int count = Math.min(received.get(), expected);
            double seconds = (lastArrival.get() - firstAvailable) / 1e9;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("mode", "\"" + mode + "\"");
            fields.put("requests", requests);
            fields.put("outcomes", count);
            fields.put("complete", complete);
            fields.put("error_queue", errors.get());
            fields.put("other_messages_ignored", ignored.get());
            StringBuilder outcomeJson = new StringBuilder("{");
            outcomes.forEach((name, n) -> outcomeJson.append(outcomeJson.length() > 1 ? "," : "")
                    .append('"').append(name).append("\":").append(n.get()));
            fields.put("outcome_counts", outcomeJson.append('}'));
            fields.put("elapsed_s", round(seconds));
            fields.put("driver_cpu_ms", BenchOptions.processCpuMillis());
            fields.put("rate_per_s", round(count / seconds));
            double processingSeconds = (lastFinishedMicros.get() - firstStartedMicros.get()) / 1e6;
            fields.put("processing_window_s", round(processingSeconds));
            fields.put("processing_rate_per_s", round(count / processingSeconds));
            long[] processing = Arrays.copyOf(processingNanos, count);
            Arrays.sort(processing);
            for (int p : new int[] {50, 99}) {
                double millis = percentile(processing, p) / 1e6;
                fields.put("processing_p" + p + "_ms", round(millis));
                fields.put("added_p" + p + "_ms", round(millis - d6LatencyMillis));
            }
            if (messageIndex != null) {
                long[] arrival = Arrays.copyOf(arrivedAt, count);
                Arrays.sort(arrival);
                for (int p : new int[] {50, 99}) {
                    double millis = percentile(arrival, p) / 1e6;
                    fields.put("driver_p" + p + "_ms", round(millis));
                    fields.put("driver_added_p" + p + "_ms", round(millis - d6LatencyMillis));
                }
            }
            StringBuilder json = new StringBuilder("{");
            fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                    .append('"').append(name).append("\":").append(value));
            return json.append('}').toString();
        }

        private static double percentile(long[] sorted, int p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
        }

        private static double round(double value) {
            return Math.round(value * 100.0) / 100.0;
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing --" + name);
        }
        return value;
    }
}
