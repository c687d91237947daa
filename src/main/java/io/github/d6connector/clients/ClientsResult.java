package io.github.d6connector.clients;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of fetching d6's Get Clients list: the list, or why there is none.
 */
public sealed interface ClientsResult {

    /** Describes the result in one sentence for an operator, without the d6 URL or a credential. */
    String describe();

    /**
     * d6 returned the list.
     *
     * @param fetchedAt when d6 returned it, the start of its time in the cache
     */
    record Found(List<ClientIntegration> clients, Instant fetchedAt) implements ClientsResult {

        public Found {
            clients = List.copyOf(clients);
        }

        @Override
        public String describe() {
            return "d6 returned " + clients.size() + (clients.size() == 1 ? " entry" : " entries");
        }

        /** Returns the entries of one school, one per API type it has authorised. */
        public List<ClientIntegration> ofSchool(int schoolLoginId) {
            return clients.stream().filter(client -> client.isSchool(schoolLoginId)).toList();
        }

        /**
         * Returns a copy in which the school's integration for the API type has the given state, with the same
         * {@code fetchedAt}, or {@code null} when the list has no entry for that integration.
         */
        public Found withState(int schoolLoginId, int apiTypeId, boolean active) {
            List<ClientIntegration> updated = new ArrayList<>(clients.size());
            boolean matched = false;
            for (ClientIntegration client : clients) {
                if (client.isSchool(schoolLoginId) && client.apiTypeId() == apiTypeId) {
                    updated.add(client.withActive(active));
                    matched = true;
                } else {
                    updated.add(client);
                }
            }
            return matched ? new Found(updated, fetchedAt) : null;
        }
    }

    /**
     * d6 responded with a final error status, one that is not retried, such as 401 or 404.
     */
    record Refused(int status, String d6Error, String d6ErrorDescription) implements ClientsResult {

        @Override
        public String describe() {
            String text = "d6 responded with HTTP " + status;
            return d6ErrorDescription == null ? text : text + ": " + d6ErrorDescription;
        }
    }

    /**
     * Every attempt failed with a retryable status or an I/O error.
     *
     * @param lastStatus d6's last HTTP status, or {@code null} when the last attempt got no response
     * @param lastError  what went wrong on the last attempt, such as "HTTP 503"
     */
    record Unavailable(Integer lastStatus, String lastError, int attempts) implements ClientsResult {

        @Override
        public String describe() {
            return "d6 did not succeed after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                    + "; last error: " + lastError;
        }
    }

    /** d6 responded with a success status but a body that is not a clients list. */
    record Unreadable(int status, String problem) implements ClientsResult {

        @Override
        public String describe() {
            return "d6 responded with HTTP " + status + " and a body that is not a clients list: " + problem;
        }
    }
}
