package dev.warden.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The stored fingerprints of recent queries of one protected model, across all accounts, indexed by hash so
 * that matching a new query costs the same however many are stored. Retention is bounded by count
 * ({@code capacity}) and by age ({@code retention}); each hash keeps at most {@code maxPostings} queries
 * (the most recent).
 */
public interface FingerprintIndex {
    /**
     * For each fingerprint in order: finds the stored query that shares the most hashes with it (bit-identical
     * repeats excluded), then stores it, so that later fingerprints of the same batch are matched against it.
     */
    default List<Match> matchAndAdd(List<Fingerprint> fingerprints, String account, Instant now) {
        return matchAndAdd(fingerprints, account, false, now);
    }

    /**
     * The same, stored under {@code owner}; with {@code skipOwn}, the owner's own stored queries are passed over
     * when matching (a camera stream's earlier frames), every other owner's still count.
     */
    List<Match> matchAndAdd(List<Fingerprint> fingerprints, String owner, boolean skipOwn, Instant now);

    /** Stored queries now (for tests and metrics; may be approximate for a shared store). */
    long size();

    /** The most hashes a new query shared with one stored query, whose account that was and how long ago it came. */
    record Match(int shared, String account, Duration age) {
        public static final Match NONE = new Match(0, null, null);
    }

    record Limits(int hashes, int capacity, Duration retention, int maxPostings) {
        public Limits {
            if (hashes < 1 || hashes > 256) throw new IllegalArgumentException("hashes must be between 1 and 256");
            if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
            if (retention == null || retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be > 0");
            if (maxPostings < 1 || maxPostings > 1024) throw new IllegalArgumentException("maxPostings must be between 1 and 1024");
        }
    }
}
