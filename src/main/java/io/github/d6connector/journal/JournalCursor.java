package io.github.d6connector.journal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the next page of the outcome history starts: the entries recorded before line {@code line} of the
 * journal file of {@code day}. Callers see it as an opaque string.
 */
public record JournalCursor(LocalDate day, int line) {

    private static final String VERSION = "v1";

    public String encode() {
        String text = VERSION + ":" + day + ":" + line;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Decodes a cursor from {@link #encode()}, or returns empty when the text is not one. */
    public static Optional<JournalCursor> decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                return Optional.empty();
            }
            int line = Integer.parseInt(parts[2]);
            return line < 0 ? Optional.empty() : Optional.of(new JournalCursor(LocalDate.parse(parts[1]), line));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
