package io.github.d6connector.access;

/**
 * A named REST caller with its own API key and the schools it may change.
 *
 * @param name           name used in logs, outcome history and error messages; never the key
 * @param keyDigest      SHA-256 digest of the caller's key
 * @param allowedSchools schools this caller may change, on top of the global allow-list
 */
public record RestCaller(String name, byte[] keyDigest, SchoolAllowList allowedSchools) {

    @Override
    public String toString() {
        return "RestCaller[" + name + ", schools " + allowedSchools + "]";
    }
}
