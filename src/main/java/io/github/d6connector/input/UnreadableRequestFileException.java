package io.github.d6connector.input;

/**
 * A dropped file that cannot be read as requests at all. The file moves to the failed folder with this
 * message in a reason file beside it.
 */
public class UnreadableRequestFileException extends Exception {

    public UnreadableRequestFileException(String message) {
        super(message);
    }
}
