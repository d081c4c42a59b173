package dev.warden.guard;

/** {@code enforce}: a defense's REJECT blocks the query. {@code observe}: it is counted and logged, never blocks. */
public enum Mode {
    ENFORCE, OBSERVE
}
