package io.github.d6connector.input;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.github.d6connector.clients.ClientsQuery;
import io.github.d6connector.request.RequestValidator;

/**
 * Reads {@code GET /api/v1/clients} or {@code GET /api/v1/clients/{schoolLoginId}} into a
 * {@link ClientsQuery} body. The school id must pass the same rules as a request's {@code school_login_id};
 * otherwise the call is refused with 400. The request id comes from {@code X-Request-Id} or a new UUID.
 */
public final class RestClientsQueryReader implements Processor {

    /** Exchange property with the query, which the REST response needs once the lookup has replaced the body. */
    public static final String QUERY = "d6RestClientsQuery";

    private final RequestValidator validator;
    private final boolean oneSchool;

    /** @param oneSchool whether the path names one school in {@code {schoolLoginId}} */
    public RestClientsQueryReader(RequestValidator validator, boolean oneSchool) {
        this.validator = validator;
        this.oneSchool = oneSchool;
    }

    @Override
    public void process(Exchange exchange) throws RestCallRefusedException {
        Message message = exchange.getMessage();
        exchange.setProperty(RestRequestIds.REQUEST_ID,
                RestRequestIds.requestIdOf(message.getHeader(RestRequestIds.REQUEST_ID_HEADER, String.class)));

        ClientsQuery query = oneSchool ? schoolQuery(message.getHeader("schoolLoginId", String.class))
                : ClientsQuery.ALL;
        exchange.setProperty(QUERY, query);
        message.setBody(query);
    }

    private ClientsQuery schoolQuery(String pathSchoolId) throws RestCallRefusedException {
        try {
            return ClientsQuery.school(validator.validateSchoolLoginId(pathSchoolId));
        } catch (IllegalArgumentException e) {
            throw new RestCallRefusedException(400, "invalid_school_login_id", e.getMessage());
        }
    }
}
