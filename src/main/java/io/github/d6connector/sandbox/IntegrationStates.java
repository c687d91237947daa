package io.github.d6connector.sandbox;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Thread-safe in-memory integration states, one per authorised school and API type, each starting at 0. */
final class IntegrationStates {

    private record Integration(long schoolLoginId, int apiTypeId) {
    }

    private final ConcurrentMap<Integration, Integer> states = new ConcurrentHashMap<>();

    IntegrationStates(SandboxSchools schools) {
        for (Map.Entry<Long, Set<Integer>> school : schools.authorisedApiTypes().entrySet()) {
            for (int apiTypeId : school.getValue()) {
                states.put(new Integration(school.getKey(), apiTypeId), 0);
            }
        }
    }

    /**
     * Returns the current state of the school's integration for the API type.
     *
     * @throws IllegalArgumentException if the school has not authorised the API type in the definition
     */
    int get(long schoolLoginId, int apiTypeId) {
        Integer state = states.get(new Integration(schoolLoginId, apiTypeId));
        if (state == null) {
            throw notDefined(schoolLoginId, apiTypeId);
        }
        return state;
    }

    /**
     * Sets the state atomically and returns the previous one, so concurrent callers each see the value they
     * replaced.
     *
     * @throws IllegalArgumentException if the school has not authorised the API type in the definition
     */
    int set(long schoolLoginId, int apiTypeId, int state) {
        Integer previous = states.replace(new Integration(schoolLoginId, apiTypeId), state);
        if (previous == null) {
            throw notDefined(schoolLoginId, apiTypeId);
        }
        return previous;
    }

    private static IllegalArgumentException notDefined(long schoolLoginId, int apiTypeId) {
        return new IllegalArgumentException("School " + schoolLoginId + " has not authorised API type " + apiTypeId
                + " in the sandbox schools definition. Add it to the definition, for example "
                + schoolLoginId + "=" + apiTypeId + ".");
    }
}
