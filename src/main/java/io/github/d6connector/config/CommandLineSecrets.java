package io.github.d6connector.config;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Rejects secrets given as JVM system properties. A {@code -Dd6.password=...} on the command line is visible to
 * every user of the host in the process list, so the connector does not start with one and says how to set
 * the secret instead.
 */
public final class CommandLineSecrets {

    /** Settings that hold a secret; each may also be read from the file named by {@code <name>-file}. */
    public static final List<String> SECRET_SETTINGS = List.of(
            "d6.username",
            "d6.password",
            "d6.tls.trust-store-password",
            "connector.rest.api-key",
            "connector.rest.tls.key-store-password",
            "connector.jms.username",
            "connector.jms.password");

    private static final Pattern CALLER_KEY = Pattern.compile("connector\\.rest\\.caller\\.[^.]+\\.api-key");

    private CommandLineSecrets() {
    }

    /**
     * Returns the first secret setting found among {@code systemProperties}, or empty when there is none. A
     * setting counts in any letter case, because Camel reads it that way too.
     */
    public static Optional<String> findSecretIn(Properties systemProperties) {
        for (String name : systemProperties.stringPropertyNames()) {
            if (isSecret(name.trim())) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** Throws when a secret setting was given as a JVM system property. */
    public static void rejectSecretsIn(Properties systemProperties) {
        findSecretIn(systemProperties).ifPresent(name -> {
            throw new InvalidSettingException("Setting " + name + " was given as the JVM system property -D" + name
                    + ", which other users of this host can read in the process list. Remove it from the command "
                    + "line and set the environment variable " + SettingsReader.environmentVariableOf(name)
                    + " instead, or put the value in a file and set " + name + SettingsReader.FILE_SUFFIX
                    + " to its path.");
        });
    }

    static boolean isSecret(String name) {
        String lowerCase = name.toLowerCase(java.util.Locale.ROOT);
        return SECRET_SETTINGS.contains(lowerCase) || CALLER_KEY.matcher(lowerCase).matches();
    }
}
