package io.github.d6connector.journal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.IntPredicate;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.github.d6connector.access.SchoolAccess;
import io.github.d6connector.input.RestCallRefusedException;
import io.github.d6connector.input.RestResponses;
import io.github.d6connector.outcome.Json;
import io.github.d6connector.outcome.Outcome;
import io.github.d6connector.request.RequestProperties;

/**
 * Handles {@code GET /api/v1/outcomes?school_login_id=&since=&outcome=&limit=&cursor=}: one page of the outcome
 * history, newest first. A REST caller with its own allow-list, or under the global one, sees only the
 * outcomes of schools it may change.
 */
public final class OutcomeHistoryRequest implements Processor {

    private final OutcomeJournal journal;
    private final SchoolAccess access;

    public OutcomeHistoryRequest(OutcomeJournal journal, SchoolAccess access) {
        this.journal = journal;
        this.access = access;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String caller = exchange.getProperty(RequestProperties.CALLER, String.class);

        Integer school = schoolOf(parameter(message, "school_login_id"));
        if (school != null && access.refusal(school, caller).isPresent()) {
            throw new RestCallRefusedException(403, "forbidden", "REST caller " + caller
                    + " may not see the outcomes of school " + school + ": "
                    + access.refusal(school, caller).get());
        }
        IntPredicate visible = access.allowsEverySchool(caller)
                ? null : id -> access.refusal(id, caller).isEmpty();
        JournalQuery query = new JournalQuery(school, sinceOf(parameter(message, "since")),
                outcomeOf(parameter(message, "outcome")), limitOf(parameter(message, "limit")),
                cursorOf(parameter(message, "cursor")), visible);

        RestResponses.json(exchange, 200, Json.write(journal.read(query)));
    }

    private static String parameter(Message message, String name) {
        String value = message.getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Integer schoolOf(String value) throws RestCallRefusedException {
        if (value == null) {
            return null;
        }
        if (!value.matches("[1-9][0-9]{0,9}") || Long.parseLong(value) > Integer.MAX_VALUE) {
            throw invalid("school_login_id must be a whole number from 1 to 2147483647, got \"" + shorten(value) + "\"");
        }
        return Integer.parseInt(value);
    }

    private static Instant sinceOf(String value) throws RestCallRefusedException {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("since must be an ISO-8601 instant such as 2026-12-04T10:15:30Z, got \""
                    + shorten(value) + "\"");
        }
    }

    private static Outcome outcomeOf(String value) throws RestCallRefusedException {
        if (value == null) {
            return null;
        }
        try {
            return Outcome.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("outcome must be one of CHANGED, UNCHANGED, REJECTED, FAILED, INVALID, got \""
                    + shorten(value) + "\"");
        }
    }

    private static int limitOf(String value) throws RestCallRefusedException {
        if (value == null) {
            return JournalQuery.DEFAULT_LIMIT;
        }
        if (!value.matches("[0-9]{1,4}") || Integer.parseInt(value) < 1
                || Integer.parseInt(value) > JournalQuery.MAX_LIMIT) {
            throw invalid("limit must be a whole number from 1 to " + JournalQuery.MAX_LIMIT + ", got \""
                    + shorten(value) + "\"");
        }
        return Integer.parseInt(value);
    }

    private static JournalCursor cursorOf(String value) throws RestCallRefusedException {
        if (value == null) {
            return null;
        }
        return JournalCursor.decode(value).orElseThrow(() -> invalid(
                "cursor is not one this API returned; pass the next_cursor of the previous page unchanged"));
    }

    private static RestCallRefusedException invalid(String message) {
        return new RestCallRefusedException(400, "invalid_request", message);
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
