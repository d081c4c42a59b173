package dev.warden.state;

import java.time.Duration;
import java.time.Instant;

/**
 * Per key, the vectors of its most recent queries (at most {@code capacity}, forgotten after {@code retention}
 * idle, at most {@code maxAccounts} keys in memory): an account's features for knn, an (account, stream)'s
 * frame probabilities for temporal.
 */
public interface VectorBuffers {
    /** Returns the account's stored vectors, newest first, then stores {@code vector} as its newest. */
    float[][] exchange(String account, float[] vector, Instant now);

    record Limits(int capacity, Duration retention, int maxAccounts) {
        public Limits {
            if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
            if (retention == null || retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be > 0");
            if (maxAccounts < 1) throw new IllegalArgumentException("maxAccounts must be >= 1");
        }
    }
}
