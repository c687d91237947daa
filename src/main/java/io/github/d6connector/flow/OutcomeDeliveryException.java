package io.github.d6connector.flow;

/**
 * The outcome of a request could not be sent to its success or error endpoint, even after redelivery. The
 * input must not treat the request as done: JMS rolls the message back, the file stays in the inbox, and
 * the REST caller is told to send the request again.
 */
public class OutcomeDeliveryException extends Exception {

    public OutcomeDeliveryException(String requestId, Throwable cause) {
        super("the outcome of request " + requestId + " could not be delivered to its endpoint", cause);
    }
}
