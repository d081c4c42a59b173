package dev.warden.failures.store;

/** An idempotency key already stored a different record: the request is refused, not answered with that record. */
public final class IdempotencyConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IdempotencyConflictException(String message) {
        super(message);
    }
}
