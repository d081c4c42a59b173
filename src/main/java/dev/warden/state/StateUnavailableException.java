package dev.warden.state;

/** The state store's backend cannot be reached (or did not answer in time); the operation did not happen. */
public final class StateUnavailableException extends RuntimeException {
    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
