package io.github.d6connector.input;

import org.apache.camel.builder.RouteConfigurationBuilder;

import io.github.d6connector.flow.OutcomeDeliveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.request.RequestProperties;

/**
 * Error handling of the REST API, used by routes with {@code routeConfigurationId: rest-error-responses}.
 * Error bodies are JSON and never carry a stack trace, a Java class name, the d6 URL or a credential.
 */
public final class RestErrorResponses extends RouteConfigurationBuilder {

    public static final String ID = "rest-error-responses";

    private static final Logger LOG = LoggerFactory.getLogger(RestErrorResponses.class);

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(RestCallRefusedException.class)
                    .handled(true)
                    .logExhausted(false)
                    .process(exchange -> {
                        RestCallRefusedException refusal =
                                exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT,
                                        RestCallRefusedException.class);
                        LOG.warn("REST call {} from {} rejected with {}: {}",
                                exchange.getProperty(RestRequestIds.REQUEST_ID),
                                exchange.getProperty(RequestProperties.CALLER, "unknown caller", String.class),
                                refusal.status(), refusal.getMessage());
                        RestResponses.error(exchange, refusal.status(), refusal.error(), refusal.getMessage());
                    })
                .end()
                .onException(OutcomeDeliveryException.class)
                    .handled(true)
                    .logExhausted(false)
                    .process(exchange -> {
                        LOG.error("REST call {}: {}", exchange.getProperty(RestRequestIds.REQUEST_ID),
                                exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class)
                                        .getMessage());
                        RestResponses.error(exchange, 503, "outcome_not_delivered",
                                "the outcome could not be delivered to its endpoint; send the request again with"
                                        + " the same X-Request-Id to get it");
                    })
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .logExhausted(false)
                    .process(exchange -> {
                        Exception failure = exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT,
                                Exception.class);
                        LOG.error("REST call {} failed unexpectedly",
                                exchange.getProperty(RestRequestIds.REQUEST_ID), failure);
                        RestResponses.error(exchange, 500, "internal_error",
                                "the connector could not process the request; the log has the details");
                    })
                .end();
    }
}
