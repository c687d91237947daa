package io.github.d6connector.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Schools known to the sandbox and the API types each school has authorised.
 *
 * <p>The definition format is {@code schoolLoginId=apiTypeId,apiTypeId;schoolLoginId=apiTypeId}, for example
 * {@code 1000=8,9;2000=8}. Whitespace around items, ids and separators is ignored. Every id must be a positive
 * decimal integer, and a school or an API type within one school may appear only once.
 */
public final class SandboxSchools {

    static final String EXPECTED_FORMAT =
            "Expected format: schoolLoginId=apiTypeId[,apiTypeId...][;schoolLoginId=...], for example 1000=8,9;2000=8.";

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final Map<Long, Set<Integer>> authorisedApiTypes;

    private SandboxSchools(Map<Long, Set<Integer>> authorisedApiTypes) {
        this.authorisedApiTypes = authorisedApiTypes;
    }

    /**
     * Parses a schools definition such as {@code 1000=8,9;2000=8}.
     *
     * @throws IllegalArgumentException if the definition is blank or an item is malformed. The message quotes the
     *                                  item and shows the expected format.
     */
    public static SandboxSchools parse(String definition) {
        Objects.requireNonNull(definition, "schools definition must not be null");
        if (definition.isBlank()) {
            throw new IllegalArgumentException("Schools definition is empty. " + EXPECTED_FORMAT);
        }

        Map<Long, Set<Integer>> schools = new LinkedHashMap<>();
        for (String rawItem : definition.split(";", -1)) {
            String item = rawItem.strip();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("Invalid schools definition '" + definition
                        + "': it contains an empty item between ';' separators. " + EXPECTED_FORMAT);
            }
            long schoolLoginId = parseSchool(item, schools.keySet());
            Set<Integer> apiTypeIds = parseApiTypes(item);
            schools.put(schoolLoginId, Collections.unmodifiableSet(apiTypeIds));
        }
        return new SandboxSchools(Collections.unmodifiableMap(schools));
    }

    private static long parseSchool(String item, Set<Long> seenSchools) {
        int equalsIndex = item.indexOf('=');
        if (equalsIndex < 0 || item.indexOf('=', equalsIndex + 1) >= 0) {
            throw malformed(item, "it must contain exactly one '='");
        }

        String schoolText = item.substring(0, equalsIndex).strip();
        long schoolLoginId = parsePositive(schoolText, Long.MAX_VALUE, item, "school login id");
        if (seenSchools.contains(schoolLoginId)) {
            throw malformed(item, "school login id " + schoolLoginId + " is already defined");
        }
        return schoolLoginId;
    }

    private static Set<Integer> parseApiTypes(String item) {
        String apiTypesText = item.substring(item.indexOf('=') + 1);
        Set<Integer> apiTypeIds = new LinkedHashSet<>();
        for (String rawApiType : apiTypesText.split(",", -1)) {
            int apiTypeId = (int) parsePositive(rawApiType.strip(), Integer.MAX_VALUE, item, "API type id");
            if (!apiTypeIds.add(apiTypeId)) {
                throw malformed(item, "API type id " + apiTypeId + " is listed twice");
            }
        }
        return apiTypeIds;
    }

    private static long parsePositive(String text, long max, String item, String name) {
        if (!DIGITS.matcher(text).matches()) {
            throw malformed(item, name + " '" + text + "' is not a positive integer");
        }

        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw malformed(item, name + " '" + text + "' exceeds " + max);
        }
        if (value > max) {
            throw malformed(item, name + " '" + text + "' exceeds " + max);
        }
        if (value == 0) {
            throw malformed(item, name + " '" + text + "' is not a positive integer");
        }
        return value;
    }

    private static IllegalArgumentException malformed(String item, String reason) {
        return new IllegalArgumentException(
                "Invalid schools definition item '" + item + "': " + reason + ". " + EXPECTED_FORMAT);
    }

    /** Returns the schools in definition order, each mapped to its authorised API type ids. */
    public Map<Long, Set<Integer>> authorisedApiTypes() {
        return authorisedApiTypes;
    }

    public boolean containsSchool(long schoolLoginId) {
        return authorisedApiTypes.containsKey(schoolLoginId);
    }

    public boolean isAuthorised(long schoolLoginId, int apiTypeId) {
        Set<Integer> apiTypeIds = authorisedApiTypes.get(schoolLoginId);
        return apiTypeIds != null && apiTypeIds.contains(apiTypeId);
    }

    /** Returns the made-up name of a sandbox school, such as "Sandbox School 1000". */
    public static String schoolName(long schoolLoginId) {
        return "Sandbox School " + schoolLoginId;
    }

    /** Returns d6's name of an API type: "Admin+ API" for 8, "Curriculum+ API" for 9, else "API type N". */
    public static String apiTypeName(int apiTypeId) {
        return switch (apiTypeId) {
            case 8 -> "Admin+ API";
            case 9 -> "Curriculum+ API";
            default -> "API type " + apiTypeId;
        };
    }
}
