package io.github.d6connector.outcome;

import org.apache.camel.Exchange;

/**
 * The JSON text of an exchange's outcome record, written once and shared by every step that sends or stores
 * it: the request ledger, the outcome journal, the outcome message and the REST or JMS reply.
 *
 * <p>The text is kept on the exchange with the record it was written from and reused only for that same
 * record instance, so a step that replaces the body with another record always gets that record's text.
 */
public final class OutcomeJson {

    private static final String PROPERTY = "d6OutcomeJson";

    private OutcomeJson() {
    }

    /** Returns the JSON text of {@code record}, writing it only when the exchange has none for it yet. */
    public static String of(Exchange exchange, OutcomeRecord record) {
        if (exchange.getProperty(PROPERTY) instanceof Written written && written.record() == record) {
            return written.json();
        }
        String json = Json.write(record);
        exchange.setProperty(PROPERTY, new Written(record, json));
        return json;
    }

    private record Written(OutcomeRecord record, String json) {
    }
}
