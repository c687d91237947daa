package io.github.d6connector.bulk;

import io.github.d6connector.outcome.OutcomeRecord;

/**
 * One row of a bulk report: the input line, the outcome record, and the line of the first identical request
 * when this row was not sent because it repeats that one.
 */
public record ReportRow(int line, OutcomeRecord outcome, Integer duplicateOf) {
}
