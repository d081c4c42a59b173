package dev.warden.defense.lockout;

import dev.warden.state.StrikeRules;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Settings of the lockout (paper, section 3.1: stop answering early when "wrong" inputs pile up). Every query
 * another defense flags or rejects is a strike against its account (the source address for anonymous
 * clients), counted in a sliding window of {@code windowSeconds}. As strikes pile up, answers reveal less
 * ({@code degrade}: strikes from which a reveal level applies); at {@code banAfter} strikes the account is
 * banned (429 with Retry-After) for {@code banSeconds}, each further ban within {@code memorySeconds}
 * {@code banFactor} times longer, up to {@code maxBanSeconds}. Signals of the defenses named in
 * {@code ignore} do not count. With {@code queryWindow} > 0 a strike also stops counting once the account has sent
 * that many more images: a busy honest account's rare false positives are spread over its volume and never
 * pile up, an attack's strikes come one query after another (0: strikes count by time only). {@code warmup} (null:
 * off) holds the most revealing tiers back from fresh accounts; {@code linked} (null: off) strikes the accounts a
 * detector links to a refused query (Sybil economics, docs/stateful.md).
 */
public record LockoutConfig(Integer windowSeconds, List<DegradeStep> degrade, Integer banAfter, Integer banSeconds,
                            Double banFactor, Integer maxBanSeconds, Integer memorySeconds, List<String> ignore,
                            Integer queryWindow, WarmupConfig warmup, LinkedConfig linked) {
    public static final int DEFAULT_WINDOW_SECONDS = 600;
    public static final List<DegradeStep> DEFAULT_DEGRADE = List.of();
    public static final int DEFAULT_BAN_AFTER = 3;
    public static final int DEFAULT_BAN_SECONDS = 60;
    public static final double DEFAULT_BAN_FACTOR = 4;
    public static final int DEFAULT_MAX_BAN_SECONDS = 86_400;
    public static final int DEFAULT_MEMORY_SECONDS = 86_400;
    public static final int DEFAULT_QUERY_WINDOW = 0;

    public LockoutConfig {
        windowSeconds = windowSeconds == null ? DEFAULT_WINDOW_SECONDS : windowSeconds;
        degrade = degrade == null ? DEFAULT_DEGRADE : degrade.stream().sorted(Comparator.comparing(DegradeStep::strikes)).toList();
        banAfter = banAfter == null ? DEFAULT_BAN_AFTER : banAfter;
        banSeconds = banSeconds == null ? DEFAULT_BAN_SECONDS : banSeconds;
        banFactor = banFactor == null ? DEFAULT_BAN_FACTOR : banFactor;
        maxBanSeconds = maxBanSeconds == null ? DEFAULT_MAX_BAN_SECONDS : maxBanSeconds;
        memorySeconds = memorySeconds == null ? DEFAULT_MEMORY_SECONDS : memorySeconds;
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        queryWindow = queryWindow == null ? DEFAULT_QUERY_WINDOW : queryWindow;
        if (queryWindow < 0) throw new IllegalArgumentException("queryWindow must be >= 0 (0: strikes count by time only)");
        if (queryWindow > 0 && queryWindow < banAfter) throw new IllegalArgumentException("queryWindow must be >= banAfter, or 0");
        if (windowSeconds < 1) throw new IllegalArgumentException("windowSeconds must be >= 1");
        if (banAfter < 1) throw new IllegalArgumentException("banAfter must be >= 1");
        if (banSeconds < 1) throw new IllegalArgumentException("banSeconds must be >= 1");
        if (!(banFactor >= 1)) throw new IllegalArgumentException("banFactor must be >= 1");
        if (maxBanSeconds < banSeconds) throw new IllegalArgumentException("maxBanSeconds must be >= banSeconds");
        if (memorySeconds < 1) throw new IllegalArgumentException("memorySeconds must be >= 1");
        for (int i = 1; i < degrade.size(); i++) {
            if (degrade.get(i).level().ordinal() <= degrade.get(i - 1).level().ordinal()) {
                throw new IllegalArgumentException("degrade: each step must reveal less than the one before");
            }
        }
        for (DegradeStep d : degrade) {
            if (d.strikes() >= banAfter) throw new IllegalArgumentException("degrade: every step must come before banAfter (" + banAfter + " strikes)");
        }
    }

    public static LockoutConfig defaults() {
        return new LockoutConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    public StrikeRules rules() {
        return new StrikeRules(Duration.ofSeconds(windowSeconds), banAfter, Duration.ofSeconds(banSeconds), banFactor,
                Duration.ofSeconds(maxBanSeconds), Duration.ofSeconds(memorySeconds), queryWindow, warmup != null);
    }
}
