package io.github.d6connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.d6connector.ConnectorMain;
import io.github.d6connector.testsupport.TestConnector;

/**
 * The connector started as its own JVM, as an operator starts it: a secret on the command line stops it, and a
 * REST caller's key from the environment works.
 */
class CommandLineStartupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workFolder;

    private ProcessBuilder connectorProcess(List<String> systemProperties, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(systemProperties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ConnectorMain.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workFolder.resolve("connector.log").toFile());
        builder.environment().putAll(environment);
        return builder;
    }

    @Test
    void secretAsSystemPropertyStopsStartup() throws Exception {
        Process process = connectorProcess(List.of("-Dd6.password=made-up-cli-secret"),
                Map.of("CONNECTOR_LOG_FORMAT", "json")).start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        String output = Files.readString(workFolder.resolve("connector.log"), StandardCharsets.UTF_8);
        JsonNode error = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("{") && line.contains("\"ERROR\"")) {
                error = JSON.readTree(line);
            }
        }
        assertThat(error).as(output).isNotNull();
        assertThat(error.get("formattedMessage").asText()).contains("d6.password").contains("D6_PASSWORD")
                .contains("d6.password-file");
        assertThat(output).doesNotContain("made-up-cli-secret");
    }

    @Test
    void folderWithoutSettingsStopsStartup() throws Exception {
        Files.createDirectories(workFolder.resolve("routes"));
        ProcessBuilder builder = connectorProcess(List.of(), Map.of());
        builder.directory(workFolder.toFile());

        Process process = builder.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        String output = Files.readString(workFolder.resolve("connector.log"), StandardCharsets.UTF_8);
        assertThat(output).contains("The connector did not start: " + workFolder.toAbsolutePath()
                + " has no application.properties. Start the connector from the folder that contains both");
        assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void callerKeyFromEnvironmentWorks() throws Exception {
        int restPort = TestConnector.freePort();
        List<String> settings = List.of(
                "-Dd6.sandbox.enabled=true",
                "-Dd6.sandbox.port=" + TestConnector.freePort(),
                "-Dconnector.rest.host=127.0.0.1",
                "-Dconnector.rest.port=" + restPort,
                "-Dconnector.jms.embedded-port=" + TestConnector.freePort(),
                "-Dconnector.data-dir=" + workFolder.resolve("data"),
                "-Dconnector.file.inbox=" + workFolder.resolve("inbox"),
                "-Dconnector.file.outbox=" + workFolder.resolve("outbox"),
                "-Dconnector.batch.folder=" + workFolder.resolve("batches"));
        Process process = connectorProcess(settings, Map.of(
                "CONNECTOR_REST_CALLERS", "erp",
                "CONNECTOR_REST_CALLER_ERP_API_KEY", "erp-env-key-made-up-0c3d")).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + restPort + "/observe/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + restPort + "/api/v1/clients/1000/integration-state"))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"api_type_id\":8,\"state\":1}"))
                    .header("X-API-Key", "erp-env-key-made-up-0c3d").header("Content-Type", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("outcome").asText()).isEqualTo("CHANGED");
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        String output = Files.readString(workFolder.resolve("connector.log"), StandardCharsets.UTF_8);
        assertThat(output).contains("REST callers: default, erp");
        assertThat(output).contains("REST API on http://127.0.0.1:" + restPort + "/api/v1 (OpenAPI document");
        assertThat(output).doesNotContain("0.0.0.0");
        assertThat(output).doesNotContain("erp-env-key-made-up-0c3d");
        assertThat(new File(workFolder.toFile(), "data/journal").isDirectory()).isTrue();
    }
}
