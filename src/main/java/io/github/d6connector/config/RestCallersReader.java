package io.github.d6connector.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.d6connector.access.RestCaller;
import io.github.d6connector.access.RestCallers;
import io.github.d6connector.access.SchoolAllowList;

/**
 * Reads the REST callers from the settings:
 * <ul>
 *   <li>{@code connector.rest.callers=erp,crm} names the callers, and each has
 *       {@code connector.rest.caller.<name>.api-key} (or {@code .api-key-file}) and optionally
 *       {@code connector.rest.caller.<name>.allowed-schools};</li>
 *   <li>{@code connector.rest.api-key} is the caller named {@value #DEFAULT_CALLER};</li>
 *   <li>with the sandbox as the d6 target and no {@code connector.rest.api-key}, the sandbox's development key
 *       {@code d6.sandbox.rest-api-key} is the caller named {@value #DEFAULT_CALLER}.</li>
 * </ul>
 */
public final class RestCallersReader {

    public static final String DEFAULT_CALLER = "default";

    private static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]{0,39}";

    private final SettingsReader settings;

    public RestCallersReader(SettingsReader settings) {
        this.settings = settings;
    }

    public RestCallers read(boolean sandboxEnabled) {
        List<RestCaller> callers = new ArrayList<>();
        Optional<String> defaultKey = settings.secret("connector.rest.api-key");
        if (defaultKey.isEmpty() && sandboxEnabled) {
            defaultKey = settings.optional("d6.sandbox.rest-api-key");
        }
        defaultKey.ifPresent(key -> callers.add(RestCallers.caller(DEFAULT_CALLER, key, allowedSchools(DEFAULT_CALLER))));

        for (String name : callerNames()) {
            if (name.equals(DEFAULT_CALLER)) {
                throw new InvalidSettingException("Setting connector.rest.callers must not list \"" + DEFAULT_CALLER
                        + "\": that caller's key is connector.rest.api-key.");
            }
            String keySetting = "connector.rest.caller." + name + ".api-key";
            String key = settings.requiredSecret(keySetting, "the API key of REST caller " + name);
            callers.add(RestCallers.caller(name, key, allowedSchools(name)));
        }

        RestCallers result = new RestCallers(callers);
        result.findSharedKey().ifPresent(pair -> {
            throw new InvalidSettingException("REST callers " + pair + " have the same API key. Give every caller "
                    + "its own key, so that the connector can tell them apart.");
        });
        return result;
    }

    private Set<String> callerNames() {
        Set<String> names = new LinkedHashSet<>();
        String list = settings.string("connector.rest.callers", "");
        for (String item : list.split(",")) {
            String name = item.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.matches(NAME_PATTERN)) {
                throw new InvalidSettingException("Setting connector.rest.callers must list caller names of lower-case "
                        + "letters, digits, _ and -, such as erp,crm, got \"" + name + "\"");
            }
            if (!names.add(name)) {
                throw new InvalidSettingException("Setting connector.rest.callers lists \"" + name + "\" twice");
            }
        }
        return names;
    }

    private SchoolAllowList allowedSchools(String name) {
        String setting = "connector.rest.caller." + name + ".allowed-schools";
        return SchoolAllowList.parse(setting, settings.optional(setting).orElse(null));
    }
}
