package dev.warden.failures.store;

/** No record has the id (or alias) asked for. */
public class NotFoundException extends FailureStoreException {
    public NotFoundException(String message) {
        super(message);
    }
}
