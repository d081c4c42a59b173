package dev.warden.assess;

import java.time.Duration;

/** What an adversary may spend on one sample: queries, and wall time (null: no limit). */
public record Budget(long queries, Duration wall) {
    public static final long DEFAULT_QUERIES = 10_000;

    public Budget {
        if (queries < 1) throw new IllegalArgumentException("the query budget must be >= 1");
        if (wall != null && (wall.isNegative() || wall.isZero())) throw new IllegalArgumentException("the time budget must be > 0");
    }
}
