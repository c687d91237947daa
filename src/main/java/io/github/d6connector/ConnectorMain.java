package io.github.d6connector;

import java.util.Properties;

/**
 * Starts the d6 client-state connector from the command line.
 */
public final class ConnectorMain {

    private ConnectorMain() {
    }

    public static void main(String[] args) throws Exception {
        new ConnectorApplication(new Properties()).run();
    }
}
