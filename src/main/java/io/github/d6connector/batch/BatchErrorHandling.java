package io.github.d6connector.batch;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Error handling of REST batches, used by routes with {@code routeConfigurationId: batch-error-handling}. The
 * batch's status already says FAILED with the reason; the file moves to the failed folder of the batch
 * folder through the consumer's {@code moveFailed}.
 */
public final class BatchErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "batch-error-handling";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                    .handled(false)
                    .logExhausted(false)
                    .log(LoggingLevel.WARN, "io.github.d6connector.batch.BatchStore",
                            "Batch ${exchangeProperty.d6BatchId} failed: ${exception.message}")
                .end();
    }
}
