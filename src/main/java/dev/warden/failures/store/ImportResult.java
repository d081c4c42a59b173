package dev.warden.failures.store;

/**
 * What importing one record did: stored it under its own id, stored it under a new local id because its
 * id was taken by another record (the original id stays in its provenance), or skipped it because this
 * database already has a record (or an alias) with its UUID.
 */
public record ImportResult(Outcome outcome, String id, String message) {
    public enum Outcome { IMPORTED, RENUMBERED, SKIPPED }
}
