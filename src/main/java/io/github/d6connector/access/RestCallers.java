package io.github.d6connector.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The REST callers the connector accepts, each identified by its API key.
 *
 * <p>A presented key is compared with every caller's key, and the loop never stops at a match, so the time
 * taken does not reveal which caller matched or how many callers there are before it. Both sides are
 * compared as SHA-256 digests of equal length, so the time does not reveal the key's length either.
 */
public final class RestCallers {

    private final List<RestCaller> callers;

    public RestCallers(List<RestCaller> callers) {
        this.callers = List.copyOf(callers);
    }

    /** Creates a caller from its key; the key itself is not kept. */
    public static RestCaller caller(String name, String apiKey, SchoolAllowList allowedSchools) {
        return new RestCaller(name, digest(apiKey), allowedSchools);
    }

    /** Returns the caller whose key equals {@code presentedKey}, or empty for an unknown or missing key. */
    public Optional<RestCaller> identify(String presentedKey) {
        if (presentedKey == null) {
            return Optional.empty();
        }
        byte[] presented = digest(presentedKey);
        RestCaller matched = null;
        for (RestCaller caller : callers) {
            boolean equal = MessageDigest.isEqual(caller.keyDigest(), presented);
            if (equal && matched == null) {
                matched = caller;
            }
        }
        return Optional.ofNullable(matched);
    }

    public Optional<RestCaller> byName(String name) {
        return callers.stream().filter(caller -> caller.name().equals(name)).findFirst();
    }

    public boolean isEmpty() {
        return callers.isEmpty();
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        callers.forEach(caller -> names.add(caller.name()));
        return names;
    }

    /** Returns whether two callers share a key, which would make the caller of a call ambiguous. */
    public Optional<String> findSharedKey() {
        for (int i = 0; i < callers.size(); i++) {
            for (int j = i + 1; j < callers.size(); j++) {
                if (MessageDigest.isEqual(callers.get(i).keyDigest(), callers.get(j).keyDigest())) {
                    return Optional.of(callers.get(i).name() + " and " + callers.get(j).name());
                }
            }
        }
        return Optional.empty();
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
