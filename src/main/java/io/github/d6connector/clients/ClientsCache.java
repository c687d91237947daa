package io.github.d6connector.clients;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps d6's Get Clients lists for {@code d6.clients.cache-ttl}, counted from when d6 returned them. A TTL
 * of zero disables the cache. Only lists are kept, never errors.
 *
 * <p>After a state change the connector records the state d6 confirmed, so a later request reads it before
 * the entry expires. That update does not extend the entry's time in the cache.
 */
public final class ClientsCache {

    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentMap<ClientsQuery, ClientsResult.Found> entries = new ConcurrentHashMap<>();

    public ClientsCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Returns the list kept for the query, unless it has expired. */
    public Optional<ClientsResult.Found> get(ClientsQuery query) {
        ClientsResult.Found entry = entries.get(query);
        if (entry == null) {
            return Optional.empty();
        }
        if (isExpired(entry)) {
            entries.remove(query, entry);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    public void put(ClientsQuery query, ClientsResult.Found list) {
        if (!ttl.isZero() && !isExpired(list)) {
            entries.put(query, list);
        }
    }

    /**
     * Records the state d6 confirmed for one integration in the full list and the school's list. A list
     * without an entry for the integration is dropped, because it is evidently out of date.
     */
    public void recordState(int schoolLoginId, int apiTypeId, boolean active) {
        for (ClientsQuery query : new ClientsQuery[] {ClientsQuery.ALL, ClientsQuery.school(schoolLoginId)}) {
            entries.computeIfPresent(query, (key, list) -> list.withState(schoolLoginId, apiTypeId, active));
        }
    }

    /** Drops the full list and the school's list, for when the school's state in d6 is unknown. */
    public void invalidateSchool(int schoolLoginId) {
        entries.remove(ClientsQuery.ALL);
        entries.remove(ClientsQuery.school(schoolLoginId));
    }

    public void invalidateAll() {
        entries.clear();
    }

    private boolean isExpired(ClientsResult.Found list) {
        return !clock.instant().isBefore(list.fetchedAt().plus(ttl));
    }
}
