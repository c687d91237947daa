import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for d6 for benchmarks: responds to every PATCH with 200 and the body {@code []}, at once or after
 * a fixed latency, and to {@code GET /stats} with the number of PATCH requests received so far. It listens on
 * 127.0.0.1 only.
 *
 * <p>Run it as a single-file program: {@code java bench/InstantD6Stub.java <port> [latency-ms]}; port 0 picks a
 * free port, and the latency defaults to 0. The first line on standard output is {@code listening on <port>}.
 * {@code POST /latency?ms=N} changes the latency while the stub runs.
 *
 * <p>With a latency, the handler returns at once and a scheduled executor sends the response later, so a
 * request that waits occupies no thread and the stub does not limit the number of requests open at once.
 *
 * <p>The JDK server leaves Nagle's algorithm on by default. Together with the client's delayed ACKs (40 ms at
 * least on Linux) that delays responses, so {@code sun.net.httpserver.nodelay=true} turns it off.
 */
public final class InstantD6Stub {

    private static final byte[] EMPTY_ARRAY = "[]".getBytes(StandardCharsets.UTF_8);

    private static final AtomicLong PATCHES = new AtomicLong();
    private static volatile long latencyMillis;
    private static final ScheduledExecutorService RESPONSE_TIMER = Executors.newScheduledThreadPool(2);

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java bench/InstantD6Stub.java <port> [latency-ms]   (port 0 picks a free port)");
            System.exit(2);
        }
        // Read when the server classes load, so it must be set before the first HttpServer call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        latencyMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", InstantD6Stub::handle);
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
    }

    private static void handle(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
        String method = exchange.getRequestMethod();
        long latency = latencyMillis;
        if (method.equals("PATCH") && latency > 0) {
            PATCHES.incrementAndGet();
            RESPONSE_TIMER.schedule(() -> sendLater(exchange), latency, TimeUnit.MILLISECONDS);
            return;
        }
        try (exchange) {
            switch (method) {
                case "PATCH" -> {
                    PATCHES.incrementAndGet();
                    send(exchange, 200, EMPTY_ARRAY);
                }
                case "GET" -> send(exchange, 200,
                        ("{\"patches\":" + PATCHES.get() + "}").getBytes(StandardCharsets.UTF_8));
                case "POST" -> {
                    if (exchange.getRequestURI().getPath().equals("/latency")) {
                        latencyMillis = Long.parseLong(queryValue(exchange, "ms"));
                        send(exchange, 200, EMPTY_ARRAY);
                    } else {
                        send(exchange, 404, new byte[0]);
                    }
                }
                default -> send(exchange, 405, new byte[0]);
            }
        }
    }

    private static void sendLater(HttpExchange exchange) {
        try (exchange) {
            send(exchange, 200, EMPTY_ARRAY);
        } catch (IOException e) {
            // The client closed the connection while the response waited; closing the exchange is all that is left.
        }
    }

    private static String queryValue(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts.length == 2 && parts[0].equals(name)) {
                    return parts[1];
                }
            }
        }
        throw new IllegalArgumentException("missing query parameter " + name);
    }

    private static void drain(InputStream body) throws IOException {
        body.transferTo(OutputStream.nullOutputStream());
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
