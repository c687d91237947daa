package io.github.d6connector;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.config.InvalidSettingException;

/**
 * Starts the d6 client-state connector from the command line. A missing or invalid setting stops it with
 * exit code 1 and a message that names the setting.
 */
public final class ConnectorMain {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorMain.class);

    private ConnectorMain() {
    }

    public static void main(String[] args) throws Exception {
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

    private static InvalidSettingException findInvalidSetting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
