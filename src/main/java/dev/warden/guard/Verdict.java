package dev.warden.guard;

/** What one defense concluded about one query. */
public enum Verdict {
    PASS, FLAG, REJECT
}
