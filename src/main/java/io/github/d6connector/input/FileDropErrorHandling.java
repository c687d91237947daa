package io.github.d6connector.input;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.flow.ClientStateRoutes;

/**
 * Error handling of the file drop, used by routes with {@code routeConfigurationId: file-drop-error-handling}.
 *
 * <p>A file that cannot be read as requests ends as one {@code INVALID} outcome and moves to the failed
 * folder with a reason file beside it. Any other error (an outbox that cannot be written, an outcome that
 * cannot be delivered, a stop of the connector) leaves the file in the inbox to be tried again after the
 * back-off of {@link InboxRetryBackoff}; repeated requests are not sent to d6 twice. No input file is deleted.
 */
public final class FileDropErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "file-drop-error-handling";

    private static final Logger LOG = LoggerFactory.getLogger(FileDropErrorHandling.class);

    private final String failedFolderUri;
    private final String failedFolder;
    private final InboxRetryBackoff backoff;

    /**
     * @param failedFolderUri Camel file URI of the failed folder, where reason files are written
     * @param failedFolder    the failed folder relative to the inbox, as the consumer's move option uses it
     */
    public FileDropErrorHandling(String failedFolderUri, String failedFolder, InboxRetryBackoff backoff) {
        this.failedFolderUri = failedFolderUri;
        this.failedFolder = failedFolder;
        this.backoff = backoff;
    }

    @Override
    public void configuration() {
        String reasonFile = failedFolderUri + "?fileName=${exchangeProperty." + FileDropProperties.ARCHIVE_FILE_NAME
                + "}.reason.txt";

        routeConfiguration(ID)
                .onException(UnreadableRequestFileException.class)
                    .handled(true)
                    .logExhausted(false)
                    .process(new UnreadableFileOutcome(failedFolder))
                    .to(ClientStateRoutes.ENDPOINT)
                    .setBody(exchangeProperty(UnreadableFileOutcome.REASON))
                    .to(reasonFile)
                .end()
                .onException(Exception.class)
                    .handled(false)
                    .logExhausted(false)
                    .process(exchange -> {
                        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
                        backoff.failed(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
                        if (failure instanceof BulkFileStoppedException) {
                            LOG.info("File {} stays in the inbox: {}", file, failure.getMessage());
                        } else {
                            LOG.error("File {} failed and stays in the inbox; it is tried again in {} s: {}", file,
                                    backoff.delay().toSeconds(), failure.getMessage(), failure);
                        }
                    })
                .end();
    }
}
