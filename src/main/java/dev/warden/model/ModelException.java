package dev.warden.model;

/** A model backend failed (runtime error, remote server down or answering nonsense). */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
