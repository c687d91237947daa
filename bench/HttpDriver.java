import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP load driver for the benchmarks, on {@code java.net.http.HttpClient} (HTTP/1.1).
 *
 * <p>Modes:
 * <ul>
 * <li>{@code baseline}: sends the PATCH the connector sends to d6 ({@code /api/v1/settings/clients/{id}}
 * with {@code HTTP-X-USERNAME}, {@code HTTP-X-PASSWORD} and the JSON body) straight to the d6 stub;</li>
 * <li>{@code rest}: sends {@code PATCH /api/v1/clients/{id}/integration-state} with {@code X-API-Key} to the
 * connector's REST API.</li>
 * </ul>
 * With {@code --rate 0} (the default) {@code --concurrency} callers each send the next request as soon as
 * the response to the last one arrives (closed loop). With {@code --rate R} requests are planned at R per
 * second whatever the responses (open loop), sent by {@code --concurrency} callers, and latency counts from
 * the planned start, so a stall is not hidden. {@code --client socket} sends through {@link SocketHttpCaller},
 * one kept-alive socket per caller, instead of the shared {@code HttpClient}.
 *
 * <p>Prints one JSON object: counts, statuses, rate and latency percentiles. {@code added_*} is the latency
 * minus {@code --d6-latency-ms}, the time the stub holds each request. {@code --latency-file F} also writes
 * each request's latency to F.
 */
public final class HttpDriver {

    private static final String BODY = "{\"api_type_id\":8,\"state\":1}";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        String mode = options.getOrDefault("mode", "baseline");
        String url = options.get("url");
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "10000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "0"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "0"));
        double d6LatencyMillis = Double.parseDouble(options.getOrDefault("d6-latency-ms", "0"));
        int firstSchool = Integer.parseInt(options.getOrDefault("first-school", "100000"));
        String apiKey = options.getOrDefault("api-key", "");
        String username = options.getOrDefault("username", "bench-integrator");
        String password = options.getOrDefault("password", "bench-password");
        if (url == null || requests < 1) {
            System.err.println("Usage: java -cp CLASSES HttpDriver --mode baseline|rest --url BASE [--concurrency 16]"
                    + " [--requests N (1 or more)] [--warmup N] [--rate R] [--d6-latency-ms L] [--api-key K]"
                    + " [--client jdk|socket] [--latency-file F]");
            System.exit(2);
        }

        String clientKind = options.getOrDefault("client", "jdk");
        String path = mode.equals("rest") ? "/api/v1/clients/%d/integration-state" : "/api/v1/settings/clients/%d";
        Map<String, String> headers = new LinkedHashMap<>();
        if (mode.equals("rest")) {
            headers.put("X-API-Key", apiKey);
        } else {
            headers.put("HTTP-X-USERNAME", username);
            headers.put("HTTP-X-PASSWORD", password);
        }
        headers.put("Content-Type", "application/json");
        SenderFactory factory = switch (clientKind) {
            case "jdk" -> jdkSenders(url, path, headers, concurrency);
            case "socket" -> () -> {
                SocketHttpCaller caller = new SocketHttpCaller(URI.create(url));
                return school -> caller.send("PATCH", String.format(path, school), headers, BODY);
            };
            default -> throw new IllegalArgumentException("Invalid --client " + clientKind + ": expected jdk or socket");
        };

        if (warmup > 0) {
            send(factory, concurrency, warmup, firstSchool + requests, 0);
        }
        Result result = send(factory, concurrency, requests, firstSchool, rate);
        System.out.println(result.json(mode, concurrency, rate, d6LatencyMillis));
        if (options.containsKey("latency-file")) {
            result.writeLatencies(java.nio.file.Path.of(options.get("latency-file")));
        }
        System.exit(0);
    }

    /** Creates one {@link Sender} per caller thread. */
    private interface SenderFactory {
        Sender create();
    }

    /** Sends the request for one school and returns the response status. */
    private interface Sender {
        int send(int school) throws Exception;
    }

    /** Callers that share one {@code java.net.http.HttpClient}, as an application would. */
    private static SenderFactory jdkSenders(String url, String path, Map<String, String> headers, int concurrency) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(2, Math.min(concurrency, 8))))
                .build();
        return () -> school -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + String.format(path, school)))
                    .timeout(Duration.ofSeconds(60))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(BODY));
            headers.forEach(builder::header);
            return client.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        };
    }

    /**
     * Sends {@code requests} requests from {@code concurrency} caller threads that each take the next request.
     * With {@code rate} 0 a caller sends as soon as its last response arrived (closed loop). Otherwise request
     * i is planned for {@code started + i / rate} and its latency counts from that time (open loop), so a
     * request that waited for a free caller counts its wait.
     */
    private static Result send(SenderFactory factory, int concurrency, int requests, int firstSchool, double rate)
            throws InterruptedException {
        long[] latencies = new long[requests];
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        boolean paced = rate > 0;
        long intervalNanos = paced ? (long) (TimeUnit.SECONDS.toNanos(1) / rate) : 0;
        long started = System.nanoTime() + (paced ? TimeUnit.MILLISECONDS.toNanos(10) : 0);

        Thread[] callers = new Thread[concurrency];
        for (int c = 0; c < concurrency; c++) {
            callers[c] = new Thread(() -> {
                Sender sender = factory.create();
                int index;
                while ((index = next.getAndIncrement()) < requests) {
                    long planned = paced ? started + index * intervalNanos : System.nanoTime();
                    long wait = planned - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        int status = sender.send(firstSchool + index);
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - planned;
                }
            }, (paced ? "paced-caller-" : "caller-") + c);
            callers[c].start();
        }

        for (Thread caller : callers) {
            caller.join();
        }
        return new Result(requests, System.nanoTime() - started, latencies, statuses, errors.get());
    }

    private record Result(int requests, long elapsedNanos, long[] latencies, Map<Integer, AtomicInteger> statuses,
                          int errors) {

        String json(String mode, int concurrency, double rate, double d6LatencyMillis) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            double seconds = elapsedNanos / 1e9;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("mode", "\"" + mode + "\"");
            fields.put("requests", requests);
            fields.put("concurrency", rate > 0 ? 0 : concurrency);
            fields.put("paced_rate", rate);
            fields.put("errors", errors);
            StringBuilder statusJson = new StringBuilder("{");
            statuses.forEach((status, count) -> statusJson.append(statusJson.length() > 1 ? "," : "")
                    .append('"').append(status).append("\":").append(count.get()));
            fields.put("statuses", statusJson.append('}'));
            fields.put("elapsed_s", round(seconds));
            fields.put("driver_cpu_ms", BenchOptions.processCpuMillis());
            fields.put("rate_per_s", round(requests / seconds));
            for (double p : List.of(50.0, 99.0)) {
                double millis = percentile(sorted, p) / 1e6;
                fields.put("latency_p" + (int) p + "_ms", round(millis));
                fields.put("added_p" + (int) p + "_ms", round(millis - d6LatencyMillis));
            }
            fields.put("latency_max_ms", round(sorted[sorted.length - 1] / 1e6));
            StringBuilder json = new StringBuilder("{");
            fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                    .append('"').append(name).append("\":").append(value));
            return json.append('}').toString();
        }

        /** Writes one line per request: its index and latency in milliseconds, in sending order. */
        void writeLatencies(java.nio.file.Path file) throws java.io.IOException {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < latencies.length; i++) {
                lines.append(i).append(' ').append(round(latencies[i] / 1e6)).append('\n');
            }
            java.nio.file.Files.writeString(file, lines);
        }

        private static double percentile(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
        }

        private static double round(double value) {
            return Math.round(value * 100.0) / 100.0;
        }
    }
}
