package dev.warden.failures.store;

/** The failure database could not do what was asked (unreachable, corrupt, a constraint broken). */
public class FailureStoreException extends RuntimeException {
    public FailureStoreException(String message) {
        super(message);
    }

    public FailureStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
