package io.github.d6connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.d6connector.testsupport.TestConnector;

/** The connector against its own sandbox with v2 and the pre-check, as a user would try it. */
class SandboxConnectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workFolder;

    @Test
    void sandboxServesClientsAndV2() throws Exception {
        Map<String, String> settings = Map.of("d6.sandbox.enabled", "true",
                "d6.sandbox.port", String.valueOf(TestConnector.freePort()), "d6.api-version", "v2",
                "d6.clients.pre-check", "true");
        try (TestConnector connector = TestConnector.start("http://127.0.0.1:1", workFolder, settings)) {
            HttpResponse<String> list = connector.getClients("");
            JsonNode activated = JSON.readTree(connector.patchIntegrationState("1000",
                    "{\"api_type_id\":8,\"state\":1}").body());
            JsonNode again = JSON.readTree(connector.patchIntegrationState("1000",
                    "{\"api_type_id\":8,\"state\":1}").body());
            JsonNode unauthorised = JSON.readTree(connector.patchIntegrationState("1002",
                    "{\"api_type_id\":8,\"state\":1}").body());
            JsonNode school = JSON.readTree(connector.getClients("/1000").body());

            assertThat(list.statusCode()).isEqualTo(200);
            JsonNode clients = JSON.readTree(list.body());
            assertThat(clients).hasSize(4);
            assertThat(clients.get(0).get("school_name").asText()).isEqualTo("Sandbox School 1000");
            assertThat(clients.get(0).get("api_type").asText()).isEqualTo("Admin+ API");
            assertThat(clients.get(0).get("active").asBoolean()).isFalse();
            assertThat(activated.get("outcome").asText()).isEqualTo("CHANGED");
            assertThat(activated.get("http_status").asInt()).isEqualTo(200);
            assertThat(again.get("outcome").asText()).isEqualTo("UNCHANGED");
            assertThat(again.get("attempts").asInt()).isZero();
            assertThat(unauthorised.get("outcome").asText()).isEqualTo("REJECTED");
            assertThat(unauthorised.get("attempts").asInt()).isZero();
            assertThat(school.get(0).get("activated_by_integrator").asText()).isEqualTo("Yes");
        }
    }
}
