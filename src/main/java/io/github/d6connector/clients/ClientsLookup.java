package io.github.d6connector.clients;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds d6's Get Clients list in the cache, or fetches it through the d6 route and caches it.
 *
 * <p>Each fetch runs in an exchange of its own, so its attempts and redelivery state never mix with those
 * of a state change that asked for it. Concurrent lookups of the same query wait for one fetch instead of
 * each calling d6.
 *
 * <p>As a processor it turns a {@link ClientsQuery} body into a {@link ClientsResult} body.
 */
public final class ClientsLookup implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ClientsLookup.class);

    private final ProducerTemplate producer;
    private final String d6Endpoint;
    private final ClientsCache cache;
    private final ConcurrentMap<ClientsQuery, Object> fetchLocks = new ConcurrentHashMap<>();

    /**
     * @param d6Endpoint the route that fetches the list from d6: a {@link ClientsQuery} body in, a
     *                   {@link ClientsResult} body out
     */
    public ClientsLookup(ProducerTemplate producer, String d6Endpoint, ClientsCache cache) {
        this.producer = producer;
        this.d6Endpoint = d6Endpoint;
        this.cache = cache;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        ClientsQuery query = exchange.getMessage().getMandatoryBody(ClientsQuery.class);
        exchange.getMessage().setBody(find(query));
    }

    /**
     * Returns the cached list for the query, or the result of a new fetch from d6.
     *
     * @throws IllegalStateException when the fetch fails with an error that is not d6's
     */
    public ClientsResult find(ClientsQuery query) {
        Optional<ClientsResult.Found> cached = cache.get(query);
        if (cached.isPresent()) {
            LOG.debug("Get Clients for {}: served from the cache", query);
            return cached.get();
        }

        synchronized (fetchLocks.computeIfAbsent(query, key -> new Object())) {
            cached = cache.get(query);
            if (cached.isPresent()) {
                return cached.get();
            }
            ClientsResult result = fetch(query);
            if (result instanceof ClientsResult.Found found) {
                cache.put(query, found);
            }
            return result;
        }
    }

    /** Returns the cached list for the query without calling d6. */
    public Optional<ClientsResult.Found> cached(ClientsQuery query) {
        return cache.get(query);
    }

    public ClientsCache cache() {
        return cache;
    }

    private ClientsResult fetch(ClientsQuery query) {
        Exchange fetched = producer.send(d6Endpoint, exchange -> exchange.getMessage().setBody(query));
        if (fetched.getException() != null) {
            throw new IllegalStateException("Get Clients for " + query + " failed unexpectedly",
                    fetched.getException());
        }

        ClientsResult result = fetched.getMessage().getBody(ClientsResult.class);
        if (result instanceof ClientsResult.Found found) {
            LOG.info("Get Clients for {}: {}; cached for {} ms", query, found.describe(), cache.ttl().toMillis());
        } else {
            LOG.warn("Get Clients for {} failed: {}", query, result.describe());
        }
        return result;
    }
}
