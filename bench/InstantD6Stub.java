import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for d6 for benchmarks: responds to every PATCH at once with 200 and the body {@code []}, and to
 * {@code GET /stats} with the number of PATCH requests received so far. It listens on 127.0.0.1 only.
 *
 * <p>Run it as a single-file program: {@code java bench/InstantD6Stub.java <port>}; port 0 picks a free port.
 * The first line on standard output is {@code listening on <port>}.
 *
 * <p>The JDK server leaves Nagle's algorithm on by default. Together with the client's delayed ACKs (40 ms at
 * least on Linux) that delays responses, so {@code sun.net.httpserver.nodelay=true} turns it off.
 */
public final class InstantD6Stub {

    private static final byte[] EMPTY_ARRAY = "[]".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java bench/InstantD6Stub.java <port>   (0 picks a free port)");
            System.exit(2);
        }
        // Read when the server classes load, so it must be set before the first HttpServer call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicLong patches = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", exchange -> {
            try (exchange) {
                drain(exchange.getRequestBody());
                switch (exchange.getRequestMethod()) {
                    case "PATCH" -> {
                        patches.incrementAndGet();
                        send(exchange, 200, EMPTY_ARRAY);
                    }
                    case "GET" -> send(exchange, 200,
                            ("{\"patches\":" + patches.get() + "}").getBytes(StandardCharsets.UTF_8));
                    default -> send(exchange, 405, new byte[0]);
                }
            }
        });
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
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
