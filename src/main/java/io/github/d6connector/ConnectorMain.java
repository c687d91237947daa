package io.github.d6connector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.config.InvalidSettingException;

/**
 * Starts the d6 client-state connector from the command line, in the folder that contains application.properties
 * and routes/. A missing folder, file or setting, or an invalid setting, stops it with exit code 1 and a
 * message that names it.
 */
public final class ConnectorMain {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorMain.class);

    private ConnectorMain() {
    }

    public static void main(String[] args) throws Exception {
        String missing = missingConfiguration(Path.of("").toAbsolutePath());
        if (missing != null) {
            LOG.error("The connector did not start: {}", missing);
            System.exit(1);
        }

        try {
            new ConnectorApplication(new Properties()).run();
        } catch (Exception e) {
            InvalidSettingException invalidSetting = findInvalidSetting(e);
            if (invalidSetting == null) {
                throw e;
            }
            LOG.error("The connector did not start: {}", invalidSetting.getMessage());
            System.exit(1);
        }
    }

    /** Describes what the working folder lacks, or returns null when it has the settings file and routes. */
    private static String missingConfiguration(Path folder) {
        boolean settings = Files.isRegularFile(folder.resolve("application.properties"));
        boolean routes = Files.isDirectory(folder.resolve("routes"));
        if (settings && routes) {
            return null;
        }

        String lacking = "application.properties and the routes folder";
        if (settings) {
            lacking = "the routes folder";
        } else if (routes) {
            lacking = "application.properties";
        }
        return folder + " has no " + lacking + ". Start the connector from the folder that contains both, such as"
                + " the project folder (bin/d6-connector uses the current folder).";
    }

    private static InvalidSettingException findInvalidSetting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
