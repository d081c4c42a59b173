package dev.warden.defense.temporal;

import java.time.Duration;
import java.time.Instant;

/**
 * Per stream, its most recent frames (at most {@code capacity}, forgotten after {@code retention} idle, at
 * most {@code maxStreams} streams): the shape of the StateStore's per-key vector buffers, so that a store
 * shared by replicas can hold them.
 */
public interface StreamWindows {
    /** Returns the stream's stored frames, newest first, then stores {@code frame} as its newest. */
    float[][] exchange(String stream, float[] frame, Instant now);

    record Limits(int capacity, Duration retention, int maxStreams) {
        public Limits {
            if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
            if (retention == null || retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be > 0");
            if (maxStreams < 1) throw new IllegalArgumentException("maxStreams must be >= 1");
        }
    }
}
