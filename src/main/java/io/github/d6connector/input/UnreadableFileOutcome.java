package io.github.d6connector.input;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.request.InvalidRequest;

/**
 * Turns a dropped file that cannot be read into one {@code INVALID} request, so that it still ends in an
 * outcome on the error endpoint, and keeps the reason for the reason file.
 */
public final class UnreadableFileOutcome implements Processor {

    /** Exchange property with the text of the reason file. */
    public static final String REASON = "d6FailedFileReason";

    private static final Logger LOG = LoggerFactory.getLogger(UnreadableFileOutcome.class);

    private final String failedFolder;

    public UnreadableFileOutcome(String failedFolder) {
        this.failedFolder = failedFolder;
    }

    @Override
    public void process(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String reason = failure.getMessage();
        LOG.warn("File {} cannot be processed and moves to the failed folder as {}: {}", fileName,
                exchange.getProperty(FileDropProperties.ARCHIVE_FILE_NAME), reason);

        exchange.setProperty(FileDropProperties.ARCHIVE_FOLDER, failedFolder);
        exchange.setProperty(REASON, "File " + fileName + " was not processed: " + reason + System.lineSeparator());
        exchange.getMessage().setBody(new InvalidRequest(fileName, "file:" + fileName, null, null, null, reason));
    }
}
