package io.github.d6connector.d6;

import java.util.Locale;

import io.github.d6connector.outcome.Outcome;

/**
 * Reads v2 responses, whose bodies have the form {@code {"success": ..., "message": "...", "validation_errors":
 * {...}}}.
 *
 * <ul>
 *   <li>2xx: {@code CHANGED}, except 204 and a body with {@code "success": false}</li>
 *   <li>204: {@code UNCHANGED}, as in v1</li>
 *   <li>400 whose {@code message} contains "already" in any case, such as "Integration already activated":
 *       {@code UNCHANGED}</li>
 *   <li>2xx with {@code "success": false}, and every other status that is not retried: {@code REJECTED}</li>
 * </ul>
 *
 * <p>{@code d6_error} gets d6's {@code message}, and {@code d6_error_description} the validation errors field
 * by field, or the message when there are none.
 */
public final class D6V2Responses implements D6StateChangeResponses {

    @Override
    public D6Result outcomeOf(int status, String body) {
        D6V2ResponseBody parsed = D6V2ResponseBody.parse(body);
        D6ErrorBody error = errorOf(parsed, body);

        if (status == 204) {
            return new D6Result(Outcome.UNCHANGED, null, null);
        }
        if (status >= 200 && status < 300) {
            return Boolean.FALSE.equals(parsed.success())
                    ? new D6Result(Outcome.REJECTED, error.error(), error.description())
                    : new D6Result(Outcome.CHANGED, null, null);
        }
        if (status == 400 && parsed.validationErrors() == null && mentionsAlready(parsed.message())) {
            return new D6Result(Outcome.UNCHANGED, error.error(), error.description());
        }
        return new D6Result(Outcome.REJECTED, error.error(), error.description());
    }

    @Override
    public D6ErrorBody errorOf(String body) {
        return errorOf(D6V2ResponseBody.parse(body), body);
    }

    private static D6ErrorBody errorOf(D6V2ResponseBody parsed, String body) {
        if (parsed.message() == null && parsed.validationErrors() == null) {
            return D6ErrorBody.parse(body);
        }
        String description = parsed.validationErrors() != null ? parsed.validationErrors() : parsed.message();
        return new D6ErrorBody(parsed.message(), description);
    }

    private static boolean mentionsAlready(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("already");
    }
}
