package io.github.d6connector.clients;

/**
 * The part of d6's Get Clients list to fetch: every client, or the entries of one school.
 *
 * @param schoolLoginId the school, or {@code null} for every client
 */
public record ClientsQuery(Integer schoolLoginId) {

    public static final ClientsQuery ALL = new ClientsQuery(null);

    public static ClientsQuery school(int schoolLoginId) {
        return new ClientsQuery(schoolLoginId);
    }

    public boolean isAll() {
        return schoolLoginId == null;
    }

    @Override
    public String toString() {
        return isAll() ? "all schools" : "school " + schoolLoginId;
    }
}
