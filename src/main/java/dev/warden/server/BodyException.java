package dev.warden.server;

/** A request body refused while it was being read or decoded: answered with {@code status} and {@code reason}. */
final class BodyException extends RuntimeException {
    final int status;
    final String reason;

    BodyException(int status, String message, String reason) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }
}
