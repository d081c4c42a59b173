package dev.warden.runtime;

import dev.warden.guard.Decision;
import java.util.Objects;

/**
 * Why the {@link InferenceService} did not answer, in terms every front end maps onto its own protocol (HTTP
 * status, gRPC code): the status, a stable reason code safe to show clients, a message, how many seconds to
 * wait before retrying (null: no advice), and for refusals by the guard its decision.
 */
public final class InferenceException extends RuntimeException {
    /** What went wrong, from the client's side. */
    public enum Status {
        /** The request is malformed or its input invalid. */
        INVALID,
        /** No key where one is required, or a wrong one. */
        UNAUTHENTICATED,
        /** No such model or version. */
        NOT_FOUND,
        /** A defense refused the query. */
        REJECTED,
        /** The account sent more than its rate limit allows. */
        RATE_LIMITED,
        /** The account is banned for a while (lockout). */
        LOCKED_OUT,
        /** Too many inferences in progress. */
        BUSY,
        /** The guarded inference took longer than the server allows. */
        TIMEOUT,
        /** The model backend failed. */
        BACKEND_FAILED
    }

    private final Status status;
    private final String reason;
    private final Long retryAfterSeconds;
    private final transient Decision decision;

    public InferenceException(Status status, String message, String reason, Long retryAfterSeconds) {
        this(status, message, reason, retryAfterSeconds, null);
    }

    public InferenceException(Status status, String message, String reason, Long retryAfterSeconds, Decision decision) {
        super(message, null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
        this.decision = decision;
    }

    public static InferenceException invalid(String message, String reason) {
        return new InferenceException(Status.INVALID, message, reason, null);
    }

    public Status status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** Seconds a client should wait before retrying, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The guard's decision when the guard refused the query, else null. */
    public Decision decision() {
        return decision;
    }
}
