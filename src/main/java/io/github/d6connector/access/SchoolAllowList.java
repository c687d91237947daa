package io.github.d6connector.access;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import io.github.d6connector.config.InvalidSettingException;

/**
 * The schools a request may change. An empty setting allows every school.
 */
public final class SchoolAllowList {

    /** Allows every school. */
    public static final SchoolAllowList ALL = new SchoolAllowList(null);

    private final Set<Integer> schools;

    private SchoolAllowList(Set<Integer> schools) {
        this.schools = schools;
    }

    /**
     * Parses a comma-separated list of school login ids, such as {@code 1000,1001}; {@code null} or blank
     * allows every school.
     *
     * @param setting name of the setting, for the error message
     */
    public static SchoolAllowList parse(String setting, String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        Set<Integer> schools = new TreeSet<>();
        for (String item : value.split(",")) {
            String id = item.trim();
            if (!id.matches("[1-9][0-9]{0,9}") || Long.parseLong(id) > Integer.MAX_VALUE) {
                throw new InvalidSettingException("Setting " + setting + " must list school login ids separated by "
                        + "commas, such as 1000,1001, got \"" + id + "\"");
            }
            schools.add(Integer.parseInt(id));
        }
        return new SchoolAllowList(Collections.unmodifiableSet(schools));
    }

    public boolean allows(int schoolLoginId) {
        return schools == null || schools.contains(schoolLoginId);
    }

    public boolean allowsEverySchool() {
        return schools == null;
    }

    @Override
    public String toString() {
        return schools == null ? "every school" : schools.toString();
    }
}
