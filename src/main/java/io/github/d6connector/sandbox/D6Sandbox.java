package io.github.d6connector.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local HTTP server that imitates the d6 endpoints the connector calls, so that demos and tests can run without
 * the real d6 service: v1 "Change Client Integration State" ({@code PATCH /api/v1/settings/clients/{id}}), v1 Get
 * Clients ({@code GET /api/v1/settings/clients[/{id}]}) and the v2 state change
 * ({@code PATCH} or {@code POST /api/v2/settings/clientintegrations}). {@link SandboxRouter} lists the responses.
 *
 * <p>The server listens on 127.0.0.1 only. Integration states live in memory, start at 0 and survive a
 * {@link #stop()} followed by {@link #start()} on the same instance.
 */
public final class D6Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(D6Sandbox.class);

    private static final String HOST = "127.0.0.1";
    private static final int WORKER_THREADS = 4;
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final int requestedPort;
    private final IntegrationStates states;
    private final SandboxRouter handler;

    // Guarded by this. Both are null while the sandbox is stopped.
    private HttpServer server;
    private ExecutorService executor;

    /**
     * Creates a stopped sandbox.
     *
     * @param port              TCP port to listen on, or 0 for any free port
     * @param username          value the client must send in the {@code HTTP-X-USERNAME} header
     * @param password          value the client must send in the {@code HTTP-X-PASSWORD} header
     * @param schoolsDefinition schools and their authorised API types, for example {@code 1000=8,9;2000=8}
     * @throws IllegalArgumentException if the port is out of range, a credential is blank or the definition is
     *                                  malformed
     */
    public D6Sandbox(int port, String username, String password, String schoolsDefinition) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "Invalid sandbox port " + port + ". Use a port between 1 and 65535, or 0 for any free port.");
        }
        requireNotBlank(username, "username");
        requireNotBlank(password, "password");

        SandboxSchools schools = SandboxSchools.parse(schoolsDefinition);
        this.requestedPort = port;
        this.states = new IntegrationStates(schools);
        this.handler = new SandboxRouter(new SandboxCredentials(username, password), schools, states);
    }

    private static void requireNotBlank(String value, String name) {
        Objects.requireNonNull(value, () -> "Sandbox " + name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("Sandbox " + name + " is blank. Configure a non-blank " + name + ".");
        }
    }

    /**
     * Binds to 127.0.0.1 and starts serving requests.
     *
     * @throws IOException           if the port cannot be bound, for example because it is in use
     * @throws IllegalStateException if the sandbox is already running
     */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("D6Sandbox is already running on port " + port() + ". Call stop() first.");
        }

        HttpServer newServer = HttpServer.create(new InetSocketAddress(HOST, requestedPort), 0);
        ExecutorService newExecutor = Executors.newFixedThreadPool(WORKER_THREADS, new WorkerThreadFactory());
        newServer.createContext("/", handler);
        newServer.setExecutor(newExecutor);
        newServer.start();

        server = newServer;
        executor = newExecutor;
        LOG.info("D6 sandbox started at {}", baseUrl());
    }

    /** Stops serving requests and releases the port. Does nothing if the sandbox is not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }

        int boundPort = port();
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("D6 sandbox workers did not finish within {} s, interrupting them", SHUTDOWN_TIMEOUT_SECONDS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            server = null;
            executor = null;
        }
        LOG.info("D6 sandbox on port {} stopped", boundPort);
    }

    /** Stops the sandbox, so it can be used in try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Returns the port the server is bound to, which differs from the constructor argument when that was 0.
     *
     * @throws IllegalStateException if the sandbox is not running
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("D6Sandbox is not running. Call start() before port() or baseUrl().");
        }
        return server.getAddress().getPort();
    }

    /**
     * Returns the base URL to configure as the d6 API address, for example {@code http://127.0.0.1:8089}.
     *
     * @throws IllegalStateException if the sandbox is not running
     */
    public String baseUrl() {
        return "http://" + HOST + ":" + port();
    }

    /**
     * Returns the current state, 0 or 1, of the school's integration for the API type.
     *
     * @throws IllegalArgumentException if the definition does not authorise the API type for the school
     */
    public int state(long schoolLoginId, int apiTypeId) {
        return states.get(schoolLoginId, apiTypeId);
    }

    private static final class WorkerThreadFactory implements ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "d6-sandbox-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
