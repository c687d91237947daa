package io.github.d6connector.journal;

import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.github.d6connector.outcome.OutcomeJson;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.RequestProperties;

/**
 * Records the final outcome on the exchange in the outcome journal, with the input and the requester. A
 * failure to write throws, so that the input sees the request fail rather than lose its audit entry.
 *
 * <p>The entry is written at once and forced to disk in the background. {@link #awaitOnDisk()} is the later
 * step that waits for the force, so delivering the outcome in between overlaps it.
 */
public final class OutcomeJournalWriter implements Processor {

    private static final String LINE_PROPERTY = "d6JournalLine";

    private final OutcomeJournal journal;
    private final Clock clock;

    public OutcomeJournalWriter(OutcomeJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        OutcomeRecord record = exchange.getMessage().getMandatoryBody(OutcomeRecord.class);
        String input = exchange.getProperty(RequestProperties.INPUT, "unknown", String.class);
        String caller = exchange.getProperty(RequestProperties.CALLER, String.class);
        long line = journal.write(new JournalEntry(clock.instant().toString(), input,
                requester(input, caller, record.source()), record), OutcomeJson.of(exchange, record));
        exchange.setProperty(LINE_PROPERTY, line);
    }

    /** Waits until the entry this writer wrote for the exchange is on disk. */
    public Processor awaitOnDisk() {
        return exchange -> {
            Long line = exchange.getProperty(LINE_PROPERTY, Long.class);
            if (line != null) {
                journal.awaitOnDisk(line);
            }
        };
    }

    /**
     * Describes who asked: the REST caller's name, the file name and line or item, or the JMS message id.
     */
    static String requester(String input, String caller, String source) {
        String origin = source == null ? "unknown" : source.substring(source.indexOf(':') + 1);
        return switch (input) {
            case "rest" -> caller == null ? "unknown caller" : caller;
            case "batch" -> (caller == null ? "unknown caller" : caller) + " (batch " + origin + ")";
            default -> origin;
        };
    }
}
