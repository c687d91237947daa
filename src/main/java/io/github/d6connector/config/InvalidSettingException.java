package io.github.d6connector.config;

/**
 * A setting that is missing or has a value the connector cannot use. The connector does not start, and the
 * message names the setting and what to change.
 */
public class InvalidSettingException extends IllegalStateException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
