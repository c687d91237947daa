package io.github.d6connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class CommandLineSecretsTest {

    private static Properties properties(String... namesAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void everySecretSettingIsFound() {
        List<String> secrets = List.of("d6.username", "d6.password", "d6.tls.trust-store-password",
                "connector.rest.api-key", "connector.rest.tls.key-store-password", "connector.jms.username",
                "connector.jms.password", "connector.rest.caller.erp.api-key", "CONNECTOR.REST.CALLER.CRM.API-KEY");

        for (String name : secrets) {
            assertThat(CommandLineSecrets.findSecretIn(properties(name, "made-up"))).as(name).contains(name);
        }
    }

    @Test
    void fileSettingsAndOthersAreAllowed() {
        Properties allowed = properties("d6.password-file", "/run/secrets/d6", "d6.base-url", "https://d6.example",
                "connector.rest.caller.erp.api-key-file", "/run/secrets/erp", "connector.rest.callers", "erp",
                "connector.rest.caller.erp.allowed-schools", "1000", "java.home", "/usr");

        assertThat(CommandLineSecrets.findSecretIn(allowed)).isEmpty();
    }

    @Test
    void rejectionNamesSettingAndRemedy() {
        assertThatThrownBy(() -> CommandLineSecrets.rejectSecretsIn(properties("d6.password", "made-up-secret")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("d6.password")
                .hasMessageContaining("-Dd6.password")
                .hasMessageContaining("D6_PASSWORD")
                .hasMessageContaining("d6.password-file")
                .hasMessageNotContaining("made-up-secret");
    }
}
