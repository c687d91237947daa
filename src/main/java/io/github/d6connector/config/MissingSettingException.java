package io.github.d6connector.config;

/**
 * A setting the connector cannot start without. The message names the setting and how to set it.
 */
public class MissingSettingException extends InvalidSettingException {

    public MissingSettingException(String name, String meaning) {
        super("Missing setting " + name + " (" + meaning + "). Set the environment variable "
                + SettingsReader.environmentVariableOf(name)
                + " and start again. To try the connector without d6, start it with -Dd6.sandbox.enabled=true.");
    }
}
