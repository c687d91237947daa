package io.github.d6connector.input;

import org.apache.camel.builder.RouteConfigurationBuilder;

import io.github.d6connector.flow.ClientStateRoutes;

/**
 * Error handling of the file drop, used by routes with {@code routeConfigurationId: file-drop-error-handling}.
 *
 * <p>A file that cannot be read as requests ends as one {@code INVALID} outcome and moves to the failed
 * folder with a reason file beside it. Any other error also leaves the file in the failed folder with the
 * reason, through the consumer's {@code moveFailed}; no input file is deleted.
 */
public final class FileDropErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "file-drop-error-handling";

    private final String failedFolderUri;
    private final String failedFolder;

    /**
     * @param failedFolderUri Camel file URI of the failed folder, where reason files are written
     * @param failedFolder    the failed folder relative to the inbox, as the consumer's move option uses it
     */
    public FileDropErrorHandling(String failedFolderUri, String failedFolder) {
        this.failedFolderUri = failedFolderUri;
        this.failedFolder = failedFolder;
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
                    .log(org.apache.camel.LoggingLevel.ERROR, "io.github.d6connector.input.FileDrop",
                            "File ${header.CamelFileNameOnly} failed and moves to the failed folder: ${exception.message}")
                    .setBody(simple("File ${header.CamelFileNameOnly} failed: ${exception.message}\n"))
                    .to(reasonFile)
                .end();
    }
}
