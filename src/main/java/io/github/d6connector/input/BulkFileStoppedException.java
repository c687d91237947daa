package io.github.d6connector.input;

/**
 * A bulk file stopped part-way because the connector is stopping. The file stays in the inbox and is read
 * again after the restart; requests d6 already responded to are not sent again.
 */
public class BulkFileStoppedException extends Exception {

    public BulkFileStoppedException(String message) {
        super(message, null, false, false);
    }
}
