package io.github.d6connector;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import io.github.d6connector.config.ConnectorConfiguration;
import io.github.d6connector.config.ConnectorResources;

/**
 * One connector instance on Camel Main: {@code application.properties} and {@code routes/*.camel.yaml} from
 * the working directory, the core routes and the resources started outside Camel.
 */
public final class ConnectorApplication {

    private final Main main = new Main();
    private final ConnectorResources resources = new ConnectorResources();

    /** @param overrides settings that take precedence over every other source, such as a test's ports */
    public ConnectorApplication(Properties overrides) {
        main.setPropertyPlaceholderLocations("file:application.properties");
        main.setOverrideProperties(overrides);
        main.configure().addConfiguration(new ConnectorConfiguration(resources));
    }

    /** Starts the connector and blocks until the JVM is asked to stop. */
    public void run() throws Exception {
        try {
            main.run();
        } finally {
            resources.close();
        }
    }

    /** Starts the connector and returns once its routes have started. */
    public void start() throws Exception {
        try {
            main.start();
        } catch (Exception | Error e) {
            resources.close();
            throw e;
        }
    }

    public void stop() {
        try {
            main.stop();
        } finally {
            resources.close();
        }
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }
}
