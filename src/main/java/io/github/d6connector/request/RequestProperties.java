package io.github.d6connector.request;

/**
 * Names of the exchange properties that carry a request through the routes. Exchange properties, unlike
 * headers, never leave the connector on an outbound call.
 */
public final class RequestProperties {

    /** The {@link ParsedRequest} being processed. */
    public static final String REQUEST = "d6Request";

    /** When processing of the request started, as an {@link java.time.Instant}. */
    public static final String STARTED_AT = "d6RequestStartedAt";

    /**
     * Number of calls made to d6 so far, as an {@link Integer}: for the request, or in the exchange of a Get
     * Clients fetch, for that fetch.
     */
    public static final String ATTEMPTS = "d6Attempts";

    /** The {@link io.github.d6connector.outcome.OutcomeRecord} decided by the pre-check, when it decided one. */
    public static final String PRE_CHECK_OUTCOME = "d6PreCheckOutcome";

    /** The final {@link io.github.d6connector.outcome.OutcomeRecord}. */
    public static final String OUTCOME = "d6Outcome";

    /**
     * Set to {@code true} by inputs whose caller is waiting (REST): while d6 is unavailable the request ends at
     * once as {@code FAILED} instead of waiting for d6 to respond again.
     */
    public static final String FAIL_FAST = "d6FailFast";
    /** The input the request came from: {@code file}, {@code rest}, {@code jms} or {@code batch}. */
    public static final String INPUT = "d6Input";

    /** Name of the REST caller that sent the request, or that posted its batch; absent for files and JMS. */
    public static final String CALLER = "d6Caller";

    /** Why a request was rejected before it reached d6, such as a school outside the allow-list. */
    public static final String LOCAL_REJECTION = "d6LocalRejection";

    private RequestProperties() {
    }
}
