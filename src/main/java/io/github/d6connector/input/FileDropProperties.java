package io.github.d6connector.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.github.d6connector.request.RequestProperties;

/**
 * Names the archive copy and the result file of a dropped file. The names carry a UTC timestamp so that a
 * file dropped again under the same name never overwrites an earlier copy or result.
 */
public final class FileDropProperties implements Processor {

    /** Name of the dropped file as it was in the inbox. */
    public static final String INPUT_FILE_NAME = "d6InputFileName";

    /** Folder the input file moves to once processed: the done folder, or the failed folder on error. */
    public static final String ARCHIVE_FOLDER = "d6ArchiveFolder";

    /** Name of the input file in the done or failed folder, such as {@code schools-20261204T101500123Z.json}. */
    public static final String ARCHIVE_FILE_NAME = "d6ArchiveFileName";

    /** Name of the report in the outbox, in the input's format, such as {@code schools-20261204T101500123Z.result.csv}. */
    public static final String RESULT_FILE_NAME = "d6ResultFileName";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    /**
     * Fails before any request of the file is sent when the done folder cannot be written: otherwise the file
     * could not be moved there afterwards, and each later poll would process it again and add another report.
     */
    private static void requireWritable(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (!Files.isWritable(folder)) {
            throw new IOException("the done folder " + folder + " is not writable");
        }
    }
    private final String doneFolder;

    public FileDropProperties(Clock clock, String doneFolder) {
        this.clock = clock;
        this.doneFolder = doneFolder;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        requireWritable(Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class))
                .resolve(doneFolder));
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name) + "-" + STAMP.format(clock.instant());
        String extension = dot > 0 ? name.substring(dot) : "";

        exchange.setProperty(RequestProperties.INPUT, "file");
        exchange.setProperty(INPUT_FILE_NAME, name);
        exchange.setProperty(ARCHIVE_FOLDER, doneFolder);
        exchange.setProperty(ARCHIVE_FILE_NAME, stem + extension);
        exchange.setProperty(RESULT_FILE_NAME, stem + ".result" + extension.toLowerCase(java.util.Locale.ROOT));
    }
}
