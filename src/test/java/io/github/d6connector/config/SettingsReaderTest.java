package io.github.d6connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    private static SettingsReader reader(String name, String value) {
        Properties properties = new Properties();
        properties.setProperty(name, value);
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(properties);
        return new SettingsReader(context.getPropertiesComponent());
    }

    @Test
    void positiveIntegerReadsValue() {
        assertThat(reader("connector.file.max-files-per-poll", "3")
                .positiveInteger("connector.file.max-files-per-poll", 100)).isEqualTo(3);
    }

    @Test
    void positiveIntegerUsesDefaultWhenBlank() {
        assertThat(reader("connector.file.max-files-per-poll", " ")
                .positiveInteger("connector.file.max-files-per-poll", 100)).isEqualTo(100);
    }

    @Test
    void positiveIntegerRejectsZero() {
        SettingsReader settings = reader("connector.file.concurrent-files", "0");

        assertThatThrownBy(() -> settings.positiveInteger("connector.file.concurrent-files", 16))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Setting connector.file.concurrent-files must be 1 or more, got 0");
    }
}
