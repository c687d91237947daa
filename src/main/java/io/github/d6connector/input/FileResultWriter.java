package io.github.d6connector.input;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.Outcome;
import io.github.d6connector.outcome.OutcomeRecord;

/**
 * Writes the outcomes of one dropped file, in input order, as the JSON array of its result file and logs a
 * summary line with the counts per outcome.
 */
public final class FileResultWriter implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FileResultWriter.class);

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws JsonProcessingException {
        List<OutcomeRecord> records = exchange.getMessage().getBody(List.class);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (OutcomeRecord record : records) {
            counts.merge(record.outcome(), 1, Integer::sum);
        }

        LOG.info("File {}: {} request(s) processed, {}; result file {}",
                exchange.getProperty(FileDropProperties.INPUT_FILE_NAME), records.size(), counts,
                exchange.getProperty(FileDropProperties.RESULT_FILE_NAME));
        exchange.getMessage().setBody(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(records));
    }
}
