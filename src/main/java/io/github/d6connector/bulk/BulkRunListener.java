package io.github.d6connector.bulk;

import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.apache.camel.Exchange;

import io.github.d6connector.outcome.Outcome;

/**
 * Hears about the life of one bulk file, for example to keep a REST batch's status up to date.
 */
public interface BulkRunListener {

    /** Does nothing; used when nobody listens. */
    BulkRunListener NONE = new BulkRunListener() {
    };

    /**
     * Called when the file starts.
     *
     * @param total   rows counted before reading
     * @param written rows in the report so far
     * @param counts  rows in the report so far, per outcome
     */
    default void started(Exchange exchange, int total, IntSupplier written, Supplier<Map<Outcome, Integer>> counts) {
    }

    /** Called once the report is complete. */
    default void finished(Exchange exchange, int rows, Map<Outcome, Integer> counts, String reportName) {
    }

    /** Called when the file stops before its end; {@code reason} is fit for an operator. */
    default void failed(Exchange exchange, String reason) {
    }
}
