package dev.warden.defense.lockout;

import dev.warden.guard.Reveal;

/**
 * Sybil economics, first half: a fresh account's answers reveal at most {@code reveal} (default label) until it has
 * sent {@code queries} images since its last strike (or since it was first seen) and, with {@code seconds} > 0, was
 * first seen that long ago. A strike starts the count again. Accounts granted {@code trusted} in the policy are
 * exempt. What it costs an attacker is {@code queries} benign-looking images per fresh account, every one of them
 * stored by the query detector and knn like any other.
 */
public record WarmupConfig(Integer queries, Integer seconds, String reveal) {
    public static final int DEFAULT_QUERIES = 100;
    public static final int DEFAULT_SECONDS = 0;
    public static final String DEFAULT_REVEAL = "label";

    public WarmupConfig {
        queries = queries == null ? DEFAULT_QUERIES : queries;
        seconds = seconds == null ? DEFAULT_SECONDS : seconds;
        if (queries < 0) throw new IllegalArgumentException("queries must be >= 0");
        if (seconds < 0) throw new IllegalArgumentException("seconds must be >= 0");
        if (queries == 0 && seconds == 0) throw new IllegalArgumentException("queries or seconds must be > 0 (or leave warmup out)");
        reveal = new DegradeStep(1, reveal == null ? DEFAULT_REVEAL : reveal).reveal();
    }

    public Reveal level() {
        return Reveal.valueOf(reveal.toUpperCase(java.util.Locale.ROOT));
    }
}
