package io.github.d6connector.bulk;

import io.github.d6connector.request.ParsedRequest;

/**
 * One request read from a bulk file, with the line of the file where it starts.
 */
public record BulkRow(int line, ParsedRequest request) {
}
