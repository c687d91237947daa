package io.github.d6connector.bulk;

import java.io.IOException;
import java.util.Iterator;

import io.github.d6connector.input.UnreadableRequestFileException;

/**
 * Reads the rows of a bulk file one at a time, so that a file of any size is never held in memory whole.
 */
public interface RowSource extends AutoCloseable {

    /** Returns the next row, or {@code null} at the end of the file. */
    BulkRow next() throws IOException, UnreadableRequestFileException;

    @Override
    void close() throws IOException;

    /** Adapts the source to an iterator for tests; I/O and format errors become runtime exceptions. */
    default Iterator<BulkRow> asIterator() {
        return new Iterator<>() {
            private BulkRow next = read();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public BulkRow next() {
                BulkRow current = next;
                next = read();
                return current;
            }

            private BulkRow read() {
                try {
                    return RowSource.this.next();
                } catch (IOException | UnreadableRequestFileException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        };
    }
}
