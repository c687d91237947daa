package io.github.d6connector.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a file line by line as bytes and records where each line starts, for the ledger's compaction. */
final class LineReader {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private int start;
    private int end;
    private long bufferOffset;
    private long lineOffset;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Returns the next line without its line break, or {@code null} at the end of the file. */
    byte[] next() throws IOException {
        line.reset();
        lineOffset = bufferOffset + start;
        while (true) {
            if (start == end && !fill()) {
                return line.size() > 0 ? line.toByteArray() : null;
            }
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    start = i + 1;
                    return line.toByteArray();
                }
            }
            line.write(buffer, start, end - start);
            start = end;
        }
    }

    /** Byte offset in the file of the line {@link #next()} returned last. */
    long lineOffset() {
        return lineOffset;
    }

    private boolean fill() throws IOException {
        bufferOffset += end;
        start = 0;
        end = 0;
        int read = in.read(buffer);
        if (read <= 0) {
            return false;
        }
        end = read;
        return true;
    }
}
