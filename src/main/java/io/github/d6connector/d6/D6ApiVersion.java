package io.github.d6connector.d6;

import java.util.Locale;

import io.github.d6connector.config.InvalidSettingException;

/**
 * The d6 Integrate API version used for the state change, set by {@code d6.api-version}.
 *
 * <ul>
 *   <li>{@code v1}: {@code PATCH {base}/api/v1/settings/clients/{school_login_id}} with
 *       {@code {"api_type_id": 8, "state": 1}}</li>
 *   <li>{@code v2}: {@code {base}/api/v2/settings/clientintegrations} with
 *       {@code {"school_id": 1000, "api_type_id": 8, "state": true}}</li>
 * </ul>
 */
public enum D6ApiVersion {
    V1,
    V2;

    public static D6ApiVersion fromSetting(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "v1" -> V1;
            case "v2" -> V2;
            default -> throw new InvalidSettingException(
                    "Setting " + name + " must be v1 or v2, got \"" + value + "\"");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
