package io.github.d6connector.bulk;

import java.util.Locale;

/**
 * The formats of bulk files, told apart by file name extension. The report has the input's format.
 */
public enum BulkFormat {

    JSON(".json"),
    CSV(".csv");

    private final String extension;

    BulkFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** Returns the format of a file name, or {@code null} when it is neither {@code .json} nor {@code .csv}. */
    public static BulkFormat of(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (BulkFormat format : values()) {
            if (lower.endsWith(format.extension)) {
                return format;
            }
        }
        return null;
    }
}
