package io.github.d6connector.d6;

import java.io.IOException;
import java.time.Clock;

import org.apache.camel.builder.RouteBuilder;

import io.github.d6connector.clients.ClientsQuery;

/**
 * Fetches d6's Get Clients list, {@code GET {base}/api/v1/settings/clients[/{school_login_id}]}, with the
 * credentials, timeouts and redelivery policy of the state change.
 *
 * <p>Send a {@link ClientsQuery} body to {@value #ENDPOINT} in an exchange of its own; the body that comes back
 * is a {@link io.github.d6connector.clients.ClientsResult}. As in {@link D6CallRoutes}, the call itself lives
 * in {@code d6-send-get-clients}, so that every redelivery by {@code d6-redeliver-get-clients} rebuilds it from
 * the query.
 */
public final class D6GetClientsRoutes extends RouteBuilder {

    public static final String ENDPOINT = "direct:d6-get-clients";

    /** Exchange property with the {@link ClientsQuery} being fetched. */
    static final String QUERY = "d6ClientsQuery";

    private final D6Settings settings;
    private final Clock clock;

    public D6GetClientsRoutes(D6Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId("d6-get-clients")
                .setProperty(QUERY, body())
                .doTry()
                    .to("direct:d6-redeliver-get-clients")
                    .process(new D6ClientsResponseReader(clock))
                .doCatch(D6RetryableException.class, IOException.class)
                    .process(new D6ClientsUnavailable())
                .end();

        new D6Redelivery(settings, null).addTo(from("direct:d6-redeliver-get-clients").routeId("d6-redeliver-get-clients"),
                        exchange -> "Get Clients for " + exchange.getProperty(QUERY, ClientsQuery.class))
                .to("direct:d6-send-get-clients");

        from("direct:d6-send-get-clients").routeId("d6-send-get-clients")
                .errorHandler(noErrorHandler())
                .removeHeaders("*")
                .process(new D6ClientsRequestBuilder(settings))
                .to(settings.baseUrl() + "?httpMethod=GET&throwExceptionOnFailure=false&followRedirects=false"
                        + "&copyHeaders=false&httpClientConfigurer=#" + D6CallRoutes.CREDENTIALS_CONFIGURER)
                .process(new D6ResponseChecker(clock, D6ErrorBody::parse));
    }
}
