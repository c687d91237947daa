package io.github.d6connector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads the connector's settings through Camel's properties component, so that a JVM system property
 * ({@code -Dname=value}) or an environment variable ({@code NAME_IN_UPPER_CASE}) overrides
 * {@code application.properties}. A blank value counts as unset.
 */
public final class SettingsReader {

    /** Suffix of the setting that names a file holding a secret, as in {@code d6.password-file}. */
    public static final String FILE_SUFFIX = "-file";

    private final PropertiesComponent properties;

    public SettingsReader(PropertiesComponent properties) {
        this.properties = properties;
    }

    public Optional<String> optional(String name) {
        return properties.resolveProperty(name).map(String::trim).filter(value -> !value.isEmpty());
    }

    /**
     * Reads a secret from the setting itself (an environment variable or a properties file) or from the file
     * named by {@code <name>-file}, such as a mounted secret, without its trailing line break. Setting both is
     * an error, because it is unclear which one wins.
     */
    public Optional<String> secret(String name) {
        Optional<String> value = optional(name);
        Optional<String> file = optional(name + FILE_SUFFIX);
        if (value.isPresent() && file.isPresent()) {
            throw new InvalidSettingException("Settings " + name + " and " + name + FILE_SUFFIX
                    + " are both set. Set only one of them.");
        }
        if (file.isEmpty()) {
            return value;
        }
        return Optional.of(readSecretFile(name + FILE_SUFFIX, Path.of(file.get())));
    }

    /** Returns a secret that must be set, from the setting or its {@code -file} variant. */
    public String requiredSecret(String name, String meaning) {
        return secret(name).orElseThrow(() -> new MissingSettingException(name, meaning));
    }

    /** Returns a setting that must be set, or throws with a message that names it and says how to set it. */
    public String required(String name, String meaning) {
        return optional(name).orElseThrow(() -> new MissingSettingException(name, meaning));
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public int integer(String name, int defaultValue) {
        return optional(name).map(value -> parse(name, value, Integer::parseInt, "a whole number"))
                .orElse(defaultValue);
    }

    /** Reads a whole-number setting that must be 1 or more. */
    public int positiveInteger(String name, int defaultValue) {
        int value = integer(name, defaultValue);
        if (value < 1) {
            throw new InvalidSettingException("Setting " + name + " must be 1 or more, got " + value);
        }
        return value;
    }

    public double decimal(String name, double defaultValue) {
        return optional(name).map(value -> parse(name, value, Double::parseDouble, "a number"))
                .orElse(defaultValue);
    }

    public boolean bool(String name, boolean defaultValue) {
        return optional(name).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(
                    "Setting " + name + " must be true or false, got \"" + value + "\"");
        }).orElse(defaultValue);
    }

    /** Reads a duration given in milliseconds. */
    public Duration millis(String name, long defaultMillis) {
        long millis = optional(name).map(value -> parse(name, value, Long::parseLong, "a number of milliseconds"))
                .orElse(defaultMillis);
        if (millis < 0) {
            throw new InvalidSettingException("Setting " + name + " must not be negative, got " + millis);
        }
        return Duration.ofMillis(millis);
    }

    private static String readSecretFile(String setting, Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidSettingException("Setting " + setting + " names the file " + file
                    + ", which cannot be read: " + e.getClass().getSimpleName() + ". Check the path and its permissions.");
        }
        String secret = content.replaceAll("[\\r\\n]+$", "");
        if (secret.isBlank()) {
            throw new InvalidSettingException("Setting " + setting + " names the file " + file + ", which is empty.");
        }
        return secret;
    }

    /** Returns the environment variable that overrides a setting, such as {@code D6_USERNAME}. */
    public static String environmentVariableOf(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser,
                               String expected) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("Setting " + name + " must be " + expected + ", got \"" + value + "\"");
        }
    }
}
