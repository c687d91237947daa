package io.github.d6connector.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.d6connector.ConnectorMain;
import io.github.d6connector.testsupport.TestConnector;

/**
 * The connector started as a user starts it: {@link ConnectorMain} in a child JVM with the test's class path,
 * the project root as working directory (for {@code application.properties} and {@code routes/}), settings
 * as {@code -D} options and the secrets as environment variables ({@code D6_USERNAME}, {@code D6_PASSWORD},
 * {@code CONNECTOR_REST_API_KEY}), because the connector refuses a secret given as a {@code -D} option.
 * Standard output and error of every start are appended to one log file.
 *
 * <p>{@link #close()} kills a process still running, so a failed test never leaves a connector behind.
 */
final class ConnectorProcess implements AutoCloseable {

    /** Line Camel Main logs once every route has started. */
    private static final String STARTED_LINE = "(d6-client-state-connector) started in";

    private final Map<String, String> settings;
    private final Path logFile;
    private Process process;
    private int logLengthAtStart;

    ConnectorProcess(Map<String, String> settings, Path logFile) {
        this.settings = new LinkedHashMap<>(settings);
        this.logFile = logFile;
    }

    /**
     * Returns the settings of a child connector that calls d6 at {@code d6BaseUrl}, with free ports, its
     * folders under {@code workFolder}, the request ledger on, no rate limit, 16 concurrent d6 calls, the
     * circuit breaker off and the TestConnector's fast redelivery. Rows of a bulk file are sent two at a
     * time, against four JMS consumers, because a JMS message also waits for its transaction to commit: so both
     * inputs are still unfinished midway through a mixed run.
     */
    static Map<String, String> defaultSettings(String d6BaseUrl, Path workFolder) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("d6.base-url", d6BaseUrl);
        settings.put("d6.sandbox.enabled", "false");
        settings.put("d6.retry.maximum-redeliveries", "3");
        settings.put("d6.retry.initial-delay", "50");
        settings.put("d6.retry.multiplier", "2.0");
        settings.put("d6.retry.maximum-delay", "500");
        settings.put("d6.http.connect-timeout", "2000");
        settings.put("d6.http.response-timeout", "5000");
        settings.put("d6.rate-limit.requests-per-second", "0");
        settings.put("d6.rate-limit.max-concurrent", "16");
        settings.put("d6.circuit.enabled", "false");
        settings.put("connector.rest.host", "127.0.0.1");
        settings.put("connector.rest.port", String.valueOf(TestConnector.freePort()));
        settings.put("connector.jms.embedded-port", String.valueOf(TestConnector.freePort()));
        settings.put("connector.data-dir", workFolder.resolve("data").toString());
        settings.put("connector.file.inbox", workFolder.resolve("inbox").toString());
        settings.put("connector.file.outbox", workFolder.resolve("outbox").toString());
        settings.put("connector.batch.folder", workFolder.resolve("batches").toString());
        settings.put("connector.file.poll-delay", "100");
        settings.put("connector.file.read-lock-check-interval", "100");
        settings.put("connector.file.retry-delay", "1000");
        settings.put("connector.bulk.concurrency", "2");
        settings.put("connector.jms.concurrent-consumers", "4");
        settings.put("connector.idempotency.window", "600000");
        settings.put("camel.main.shutdown-timeout", "10");
        return settings;
    }

    /** Starts the child JVM. A second call after a stop starts the same command again. */
    void start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ConnectorMain.class.getName());

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of(System.getProperty("user.dir")).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("D6_USERNAME", TestConnector.D6_USERNAME);
        builder.environment().put("D6_PASSWORD", TestConnector.D6_PASSWORD);
        builder.environment().put("CONNECTOR_REST_API_KEY", TestConnector.API_KEY);
        logLengthAtStart = log().length();
        process = builder.start();
    }

    /** Waits until Camel has started every route, or fails with the log if the process ends first. */
    void awaitStarted(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().indexOf(STARTED_LINE, logLengthAtStart) >= 0) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("The connector exited with code " + process.exitValue()
                        + " before it started; log:\n" + log().substring(logLengthAtStart));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The connector did not start within " + timeout + "; log:\n"
                + log().substring(logLengthAtStart));
    }

    /** Sends SIGKILL, as {@code kill -9} does, and waits for the process to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Sends SIGTERM and waits up to {@code timeout} for the process to exit.
     *
     * @return whether it exited in time
     */
    boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    int restPort() {
        return Integer.parseInt(settings.get("connector.rest.port"));
    }

    /** Returns the OpenWire URL of the child's embedded broker. */
    String brokerUrl() {
        return "tcp://127.0.0.1:" + settings.get("connector.jms.embedded-port");
    }

    /** Returns the output of every start so far. */
    String log() throws IOException {
        return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    }

    /** Returns the output of the latest start. */
    String logOfLatestStart() throws IOException {
        return log().substring(logLengthAtStart);
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill();
        }
    }
}
