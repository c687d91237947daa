package io.github.d6connector.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.github.d6connector.testsupport.D6Stub;
import io.github.d6connector.testsupport.TestConnector;

/**
 * Starts {@code ConnectorMain} in a child JVM from the project folder, the way an operator runs it, with the
 * settings given only through environment variables and {@code -D} options.
 */
class StartupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(45);

    @TempDir
    Path workFolder;

    private final List<Process> children = new ArrayList<>();
    private WireMockServer d6;
    private int restPort;

    @BeforeEach
    void startD6() throws IOException {
        d6 = D6Stub.start();
        restPort = TestConnector.freePort();
    }

    @AfterEach
    void stopChildrenAndD6() throws InterruptedException {
        try {
            for (Process child : children) {
                stop(child);
            }
        } finally {
            d6.stop();
        }
    }

    @Test
    void missingUsernameStopsWithExitCodeOne() throws Exception {
        Process child = startConnector(Map.of());

        assertThat(child.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
        assertThat(child.exitValue()).isEqualTo(1);
        String output = output();
        assertThat(output).contains("d6.username");
        assertThat(output).contains("D6_USERNAME");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void missingPasswordStopsWithExitCodeOne() throws Exception {
        Process child = startConnector(Map.of("D6_USERNAME", "env-integrator"));

        assertThat(child.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
        assertThat(child.exitValue()).isEqualTo(1);
        String output = output();
        assertThat(output).contains("d6.password");
        assertThat(output).contains("D6_PASSWORD");
        assertThat(output).doesNotContain("Missing setting d6.username");
        d6.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void environmentVariablesConfigureStartedConnector() throws Exception {
        d6.stubFor(patch(urlEqualTo(D6Stub.CLIENT_1000_PATH)).willReturn(aResponse().withStatus(200)));
        Process child = startConnector(Map.of(
                "D6_BASE_URL", d6.baseUrl(),
                "D6_USERNAME", "env-integrator",
                "D6_PASSWORD", "env-password-5d2e",
                "CONNECTOR_REST_API_KEY", "env-api-key-93b1"));

        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .failFast("connector exited", () -> !child.isAlive())
                .until(() -> acceptsConnections(restPort));
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .failFast("connector exited", () -> !child.isAlive())
                .until(() -> routesStarted(restPort));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + restPort + "/api/v1/clients/1000/integration-state"))
                .timeout(Duration.ofSeconds(30))
                .header("X-API-Key", "env-api-key-93b1")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"api_type_id\":8,\"state\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("outcome").asText()).isEqualTo("CHANGED");
        d6.verify(1, anyRequestedFor(anyUrl()));
        d6.verify(1, patchRequestedFor(urlEqualTo(D6Stub.CLIENT_1000_PATH))
                .withHeader("HTTP-X-USERNAME", equalTo("env-integrator"))
                .withHeader("HTTP-X-PASSWORD", equalTo("env-password-5d2e"))
                .withRequestBody(equalTo("{\"api_type_id\":8,\"state\":1}")));
    }

    /**
     * Returns whether the REST routes answer: the HTTP server accepts connections a moment before Camel has
     * added the routes, and a GET on the PATCH path gets 405 rather than 404 once they are there.
     */
    private static boolean routesStarted(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/clients/1000/integration-state"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() != 404;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Starts {@code ConnectorMain} with the test's classpath in the project folder, so that it reads the real
     * {@code application.properties} and {@code routes/}. Environment variables that could configure the
     * connector are removed from the inherited environment before {@code environment} is added.
     */
    private Process startConnector(Map<String, String> environment) throws IOException {
        Path projectFolder = Path.of("").toAbsolutePath();
        assertThat(projectFolder.resolve("application.properties")).exists();

        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dconnector.rest.host=127.0.0.1",
                "-Dconnector.rest.port=" + restPort,
                "-Dconnector.jms.embedded-port=" + TestConnector.freePort(),
                "-Dconnector.data-dir=" + workFolder.resolve("data"),
                "-Dconnector.file.inbox=" + workFolder.resolve("inbox"),
                "-Dconnector.file.outbox=" + workFolder.resolve("outbox"),
                "-Dcamel.main.shutdown-timeout=5",
                "io.github.d6connector.ConnectorMain");
        builder.directory(projectFolder.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("D6_") || name.startsWith("CONNECTOR_"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(outputFile().toFile());

        Process child = builder.start();
        children.add(child);
        return child;
    }

    private Path outputFile() {
        return workFolder.resolve("connector-output.txt");
    }

    private String output() throws IOException {
        return Files.readString(outputFile());
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void stop(Process child) throws InterruptedException {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        if (!child.waitFor(15, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            child.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
