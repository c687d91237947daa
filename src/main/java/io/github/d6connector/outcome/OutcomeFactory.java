package io.github.d6connector.outcome;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;

import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.ParsedRequest;

/**
 * Builds outcome records. Reasons are written for an operator and never contain the d6 URL, a credential,
 * a stack trace or a Java class name.
 */
public final class OutcomeFactory {

    private final Clock clock;

    public OutcomeFactory(Clock clock) {
        this.clock = clock;
    }

    public OutcomeRecord invalid(InvalidRequest request, Instant startedAt) {
        return new OutcomeRecord(request.requestId(), request.source(), request.schoolLoginId(),
                request.apiTypeId(), request.state(), Outcome.INVALID, null, null, null, request.reason(), 0,
                startedAt.toString(), clock.instant().toString(), request.attributes());
    }

    /** Builds the outcome of a final answer from d6 (any status that is not retried). */
    public OutcomeRecord answered(ClientStateRequest request, Outcome outcome, int status, String d6Error,
                                  String d6ErrorDescription, int attempts, Instant startedAt) {
        String reason = switch (outcome) {
            case CHANGED -> "d6 changed the integration state";
            case UNCHANGED -> "d6 made no change because the integration was already in that state";
            default -> rejectionReason(status, d6ErrorDescription);
        };
        return record(request, outcome, status, d6Error, d6ErrorDescription, reason, attempts, startedAt);
    }

    /**
     * Builds the outcome of a request decided without calling d6, such as by the pre-check against d6's Get
     * Clients list.
     */
    public OutcomeRecord decidedLocally(ClientStateRequest request, Outcome outcome, String reason,
                                        Instant startedAt) {
        return record(request, outcome, null, null, null, reason, 0, startedAt);
    }

    /**
     * Builds the outcome of a request whose attempts ran out.
     *
     * @param lastStatus d6's last HTTP status, or {@code null} when the last attempt got no response
     * @param lastError  what went wrong on the last attempt, such as "HTTP 503" or "connection to d6 refused"
     */
    public OutcomeRecord failed(ClientStateRequest request, Integer lastStatus, String d6Error,
                                String d6ErrorDescription, String lastError, int attempts, Instant startedAt) {
        String reason = "d6 did not succeed after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + "; last error: " + lastError;
        return record(request, Outcome.FAILED, lastStatus, d6Error, d6ErrorDescription, reason, attempts, startedAt);
    }

    /**
     * Builds the {@code REJECTED} outcome of a request the connector itself rejected before calling d6, such as
     * one for a school outside the allow-list.
     */
    public OutcomeRecord rejectedLocally(ClientStateRequest request, String reason, Instant startedAt) {
        return record(request, Outcome.REJECTED, null, null, null, reason + "; not sent to d6", 0, startedAt);
    }

    /** Builds the {@code VALIDATED} outcome of a valid request in a dry run, which is not sent to d6. */
    public OutcomeRecord validated(ClientStateRequest request, Instant startedAt) {
        return record(request, Outcome.VALIDATED, null, null, null, "dry run: the request is valid and was not sent to d6",
                0, startedAt);
    }

    /** Builds the outcome of a request that hit an unexpected error inside the connector. */
    public OutcomeRecord internalError(ParsedRequest request, int attempts, Instant startedAt) {
        String reason = "the connector failed unexpectedly while processing the request; the log has the details"
                + " under request id " + request.requestId();
        if (request instanceof ClientStateRequest valid) {
            return record(valid, Outcome.FAILED, null, null, null, reason, attempts, startedAt);
        }
        InvalidRequest invalid = (InvalidRequest) request;
        return new OutcomeRecord(invalid.requestId(), invalid.source(), invalid.schoolLoginId(),
                invalid.apiTypeId(), invalid.state(), Outcome.FAILED, null, null, null, reason, attempts,
                startedAt.toString(), clock.instant().toString(), invalid.attributes());
    }

    private OutcomeRecord record(ClientStateRequest request, Outcome outcome, Integer status, String d6Error,
                                 String d6ErrorDescription, String reason, int attempts, Instant startedAt) {
        return new OutcomeRecord(request.requestId(), request.source(), number(request.schoolLoginId()),
                number(request.apiTypeId()), number(request.state()), outcome, status, d6Error, d6ErrorDescription,
                reason, attempts, startedAt.toString(), clock.instant().toString(), request.attributes());
    }

    private static String rejectionReason(int status, String d6ErrorDescription) {
        if (status >= 300 && status < 400) {
            return "d6 answered HTTP " + status + ", a redirect the connector does not follow; check d6.base-url";
        }
        String reason = "d6 rejected the request with HTTP " + status;
        return d6ErrorDescription == null ? reason : reason + ": " + d6ErrorDescription;
    }

    private static JsonNode number(int value) {
        return IntNode.valueOf(value);
    }
}
