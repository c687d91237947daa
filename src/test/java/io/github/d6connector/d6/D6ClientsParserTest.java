package io.github.d6connector.d6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.d6connector.clients.ClientIntegration;

class D6ClientsParserTest {

    @Test
    void parsesDocumentedShape() throws Exception {
        List<ClientIntegration> clients = D6ClientsParser.parse("""
                [{"school_login_id": "1000", "school_name": "Greenfield Primary",
                  "admin_email_address": "office@greenfield.example", "telephone_calling_code": "+27",
                  "telephone_number": "0100001000", "api_type_id": 8, "api_type": "Admin+ API",
                  "activated_by_integrator": "Yes"}]
                """);

        assertThat(clients).containsExactly(
                new ClientIntegration("1000", "Greenfield Primary", 8, "Admin+ API", "Yes"));
    }

    @Test
    void acceptsNumbersForIdsAndSingleObject() throws Exception {
        List<ClientIntegration> clients = D6ClientsParser.parse(
                "{\"school_login_id\": 1001, \"api_type_id\": \"9\", \"activated_by_integrator\": \"No\"}");

        assertThat(clients).containsExactly(new ClientIntegration("1001", null, 9, null, "No"));
    }

    @Test
    void emptyArrayIsEmptyList() throws Exception {
        assertThat(D6ClientsParser.parse("[]")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "\"text\"", "[1, 2]", "[{\"api_type_id\": 8}]",
            "[{\"school_login_id\": \"1000\"}]", "[{\"school_login_id\": \"x1\", \"api_type_id\": 8}]",
            "[{\"school_login_id\": \"1000\", \"api_type_id\": 8.5}]"})
    void unreadableBodyRejected(String body) {
        assertThatThrownBy(() -> D6ClientsParser.parse(body))
                .isInstanceOf(D6ClientsParser.UnreadableClientsException.class);
    }
}
