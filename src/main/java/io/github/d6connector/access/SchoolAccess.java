package io.github.d6connector.access;

import java.util.Optional;

/**
 * Decides whether a request may change a school: the global allow-list applies to every input, and a REST
 * caller's own list applies on top of it to that caller's requests.
 */
public final class SchoolAccess {

    /** Setting of the global allow-list. */
    public static final String GLOBAL_SETTING = "connector.access.allowed-schools";

    private final SchoolAllowList global;
    private final RestCallers callers;

    public SchoolAccess(SchoolAllowList global, RestCallers callers) {
        this.global = global;
        this.callers = callers;
    }

    /**
     * Returns why the request may not change the school, or empty when it may.
     *
     * @param callerName the REST caller that sent the request, or {@code null} for files and JMS
     */
    public Optional<String> refusal(int schoolLoginId, String callerName) {
        if (!global.allows(schoolLoginId)) {
            return Optional.of("school " + schoolLoginId + " is not in the allow-list " + GLOBAL_SETTING);
        }
        Optional<RestCaller> caller = callerName == null ? Optional.empty() : callers.byName(callerName);
        if (caller.isPresent() && !caller.get().allowedSchools().allows(schoolLoginId)) {
            return Optional.of("school " + schoolLoginId + " is not in the allow-list of REST caller " + callerName);
        }
        return Optional.empty();
    }

    /** Returns whether the caller, or with {@code null} any input, may see every school's outcomes. */
    public boolean allowsEverySchool(String callerName) {
        Optional<RestCaller> caller = callerName == null ? Optional.empty() : callers.byName(callerName);
        return global.allowsEverySchool() && caller.map(c -> c.allowedSchools().allowsEverySchool()).orElse(true);
    }
}
