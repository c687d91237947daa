package io.github.d6connector.bulk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens text files as strict UTF-8, with or without a byte-order mark.
 */
final class Utf8Files {

    private static final int BYTE_ORDER_MARK = '\uFEFF';

    private Utf8Files() {
    }

    /** Opens a reader positioned after the byte-order mark, if there is one; bytes that are not UTF-8 fail. */
    static Reader open(Path file) throws IOException {
        BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
        reader.mark(1);
        if (reader.read() != BYTE_ORDER_MARK) {
            reader.reset();
        }
        return reader;
    }
}
