package io.github.d6connector.bulk;

import java.time.Duration;

/**
 * Settings of bulk file processing.
 *
 * @param concurrency      rows of one file sent to d6 at the same time
 * @param window           rows of one file in memory at most: read but not yet written to the report
 * @param progressInterval time between two progress lines in the log
 * @param dryRun           whether every file is a dry run: validated and reported, never sent to d6
 */
public record BulkSettings(int concurrency, int window, Duration progressInterval, boolean dryRun) {
}
