package dev.warden.server;

/** An HTTP error answered as {@code {"error": message, "reason": reason}} with the given status. */
final class ApiError extends RuntimeException {
    final int status;
    final String reason;
    final Long retryAfterSeconds;

    ApiError(int status, String message) {
        this(status, message, null, null);
    }

    ApiError(int status, String message, String reason, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
