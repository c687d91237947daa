package io.github.d6connector.bulk;

import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.node.IntNode;

import io.github.d6connector.outcome.Outcome;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.ClientStateRequest;

/**
 * Puts the outcomes of a bulk file, which finish in any order, back into input order for the report.
 *
 * <p>Rows are numbered from 0 as they are read. A row's window permit, taken before it was dispatched, is
 * given back once the row is written, so at most {@code window} rows wait in memory at any time. A duplicate
 * row is written with the outcome of the earlier row it repeats, which input order guarantees is known by then.
 */
final class ReportSequencer {

    private final ReportWriter writer;
    private final Semaphore window;
    private final Map<Integer, Pending> waiting = new HashMap<>();
    private final Map<Integer, FirstOutcome> firstOutcomes = new HashMap<>();
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private int nextToWrite;
    private int duplicates;
    private IOException writeFailure;

    ReportSequencer(ReportWriter writer, Semaphore window) {
        this.writer = writer;
        this.window = window;
    }

    /** Records the outcome of row {@code sequence}, read from {@code line}. */
    synchronized void complete(int sequence, int line, OutcomeRecord outcome) {
        waiting.put(sequence, new Pending(line, outcome, null, null));
        drain();
    }

    /** Records that row {@code sequence}, {@code request}, repeats the row read from {@code firstLine} and is not sent. */
    synchronized void duplicate(int sequence, int line, int firstLine, ClientStateRequest request) {
        waiting.put(sequence, new Pending(line, null, firstLine, request));
        drain();
    }

    /** Asks the sequencer to keep the outcome of {@code line}, because later rows repeat it. */
    synchronized void keepOutcomeOf(int line) {
        firstOutcomes.putIfAbsent(line, null);
    }

    synchronized int written() {
        return nextToWrite;
    }

    synchronized Map<Outcome, Integer> counts() {
        return new EnumMap<>(counts);
    }

    synchronized int duplicates() {
        return duplicates;
    }

    /** Returns the first error of writing the report, or {@code null}. */
    synchronized IOException writeFailure() {
        return writeFailure;
    }

    private void drain() {
        Pending next;
        while ((next = waiting.remove(nextToWrite)) != null) {
            ReportRow row = next.duplicateOf() == null
                    ? new ReportRow(next.line(), next.outcome(), null)
                    : duplicateRow(next);
            if (next.duplicateOf() == null && firstOutcomes.containsKey(next.line())) {
                OutcomeRecord outcome = next.outcome();
                firstOutcomes.put(next.line(), new FirstOutcome(outcome.outcome(), outcome.httpStatus(),
                        outcome.d6Error(), outcome.d6ErrorDescription(), outcome.reason(), outcome.finishedAt()));
            }
            write(row);
            nextToWrite++;
            window.release();
        }
    }

    private ReportRow duplicateRow(Pending pending) {
        FirstOutcome first = firstOutcomes.get(pending.duplicateOf());
        ClientStateRequest request = pending.request();
        duplicates++;
        OutcomeRecord outcome = new OutcomeRecord(request.requestId(), request.source(),
                IntNode.valueOf(request.schoolLoginId()), IntNode.valueOf(request.apiTypeId()),
                IntNode.valueOf(request.state()), first.outcome(), first.httpStatus(), first.d6Error(),
                first.d6ErrorDescription(), "duplicate of line " + pending.duplicateOf() + ", not sent again: "
                + first.reason(), 0, first.finishedAt(), first.finishedAt(), request.attributes());
        return new ReportRow(pending.line(), outcome, pending.duplicateOf());
    }

    private void write(ReportRow row) {
        counts.merge(row.outcome().outcome(), 1, Integer::sum);
        if (writeFailure != null) {
            return;
        }
        try {
            writer.write(row);
        } catch (IOException e) {
            writeFailure = e;
        }
    }

    private record Pending(int line, OutcomeRecord outcome, Integer duplicateOf, ClientStateRequest request) {
    }

    /** What a duplicate row takes from the first row: small, because one is kept per distinct request. */
    private record FirstOutcome(Outcome outcome, Integer httpStatus, String d6Error, String d6ErrorDescription,
                                String reason, String finishedAt) {
    }
}
