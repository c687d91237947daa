package io.github.d6connector.flow;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.outcome.OutcomeRecord;

/**
 * Logs each final outcome once: successes at INFO, every other outcome at WARN with its reason. The logger's
 * default level is WARN (see logback.xml), so only the outcomes that need attention are logged one by one.
 */
public final class OutcomeLogger implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.d6connector.outcomes");

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        OutcomeRecord record = exchange.getMessage().getMandatoryBody(OutcomeRecord.class);
        if (record.outcome().isSuccess()) {
            LOG.info("Request {} from {}: {} (school {}, API type {}, state {}, HTTP {}, {} attempt(s))",
                    record.requestId(), record.source(), record.outcome(), record.schoolLoginId(),
                    record.apiTypeId(), record.state(), record.httpStatus(), record.attempts());
        } else {
            LOG.warn("Request {} from {}: {}: {}", record.requestId(), record.source(), record.outcome(),
                    record.reason());
        }
    }
}
