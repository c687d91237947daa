package io.github.d6connector.batch;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.github.d6connector.bulk.BulkFileProcessor;
import io.github.d6connector.input.FileDropProperties;
import io.github.d6connector.request.RequestProperties;

/**
 * Names a batch file picked up from the batch folder: the batch id from the file name, the report
 * {@code reports/<id>.result.<format>}, and the archive copy {@code done/<id>.<format>}.
 */
public final class BatchFileProperties implements Processor {

    private final BatchStore store;

    public BatchFileProperties(BatchStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        int dot = name.lastIndexOf('.');
        String id = name.substring(0, dot);

        exchange.setProperty(BatchStore.BATCH_ID, id);
        exchange.setProperty(RequestProperties.INPUT, "batch");
        store.callerOf(id).ifPresent(caller -> exchange.setProperty(RequestProperties.CALLER, caller));
        exchange.setProperty(FileDropProperties.INPUT_FILE_NAME, name);
        exchange.setProperty(FileDropProperties.ARCHIVE_FOLDER, "done");
        exchange.setProperty(FileDropProperties.ARCHIVE_FILE_NAME, name);
        exchange.setProperty(FileDropProperties.RESULT_FILE_NAME, id + ".result" + name.substring(dot));
        exchange.setProperty(BulkFileProcessor.REPORT_FOLDER, store.reportFolder().toString());
    }
}
