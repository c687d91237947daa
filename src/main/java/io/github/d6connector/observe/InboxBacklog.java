package io.github.d6connector.observe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Counts the request files waiting in the inbox: every {@code *.json} and {@code *.csv} file directly in it, in
 * any letter case, as the file drop picks them up.
 */
public final class InboxBacklog {

    private final Path inbox;

    public InboxBacklog(Path inbox) {
        this.inbox = inbox;
    }

    /** Returns the number of waiting files, or 0 while the inbox does not exist or cannot be read. */
    public int count() {
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox)) {
            for (Path file : files) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if ((name.endsWith(".json") || name.endsWith(".csv")) && Files.isRegularFile(file)) {
                    count++;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return count;
    }
}
