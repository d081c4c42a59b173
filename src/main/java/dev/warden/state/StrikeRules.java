package dev.warden.state;

import java.time.Duration;

/**
 * When strikes turn into a ban and how long bans last: strikes count within a sliding {@code window};
 * {@code banAfter} strikes in it ban the account for {@code firstBan}, each further ban within
 * {@code memory} of the last lasts {@code factor} times longer, up to {@code maxBan}. With {@code queries} > 0 a
 * strike also stops counting once the account has sent {@code queries} more images after it: a busy honest
 * account's rare false positives are spread over its volume, an attack's strikes come one query after another.
 * With {@code warmup}, the store also keeps, for {@code memory}, when it first saw the account and how many images
 * it has sent since its last strike ({@link Strikes.Standing#clean()}), for a lockout that holds back the most
 * revealing tiers from fresh accounts.
 */
public record StrikeRules(Duration window, int banAfter, Duration firstBan, double factor, Duration maxBan, Duration memory,
                          int queries, boolean warmup) {
    public StrikeRules {
        if (queries < 0) throw new IllegalArgumentException("queries must be >= 0");
        positive(window, "window");
        positive(firstBan, "firstBan");
        positive(maxBan, "maxBan");
        positive(memory, "memory");
        if (banAfter < 1) throw new IllegalArgumentException("banAfter must be >= 1");
        if (!(factor >= 1)) throw new IllegalArgumentException("factor must be >= 1");
        if (maxBan.compareTo(firstBan) < 0) throw new IllegalArgumentException("maxBan must be >= firstBan");
    }

    /** Rules without warm-up bookkeeping. */
    public StrikeRules(Duration window, int banAfter, Duration firstBan, double factor, Duration maxBan, Duration memory, int queries) {
        this(window, banAfter, firstBan, factor, maxBan, memory, queries, false);
    }

    /** Rules that count strikes by time only. */
    public StrikeRules(Duration window, int banAfter, Duration firstBan, double factor, Duration maxBan, Duration memory) {
        this(window, banAfter, firstBan, factor, maxBan, memory, 0, false);
    }

    /** Whether {@link Strikes#arrive} has anything to count. */
    public boolean counts() {
        return queries > 0 || warmup;
    }

    /** How long the ban of the given level (1 for the first) lasts. */
    public Duration banLength(int level) {
        double millis = firstBan.toMillis() * Math.pow(factor, Math.max(0, level - 1));
        return millis >= maxBan.toMillis() ? maxBan : Duration.ofMillis((long) millis);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0");
    }
}
