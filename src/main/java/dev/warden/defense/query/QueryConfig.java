package dev.warden.defense.query;

import java.time.Duration;
import java.util.Locale;

/**
 * Settings of the stateful query-attack detector. {@code method}: {@code windows} (Blacklight's quantized
 * windows) or {@code projections} (keyed sign random projections, {@code bits} signs per hash; they survive
 * noise on every pixel). Window fingerprints: {@code quantization} (the level step as a
 * fraction of the input's value range), {@code window} and {@code stride} (of the hashed windows over the
 * flattened input), {@code hashes} (S, kept per query), {@code minTransitions} (level changes a window needs
 * to count as informative). Matching: {@code threshold} (T, shared hashes with one stored query to match).
 * Retention: {@code capacity} stored queries and {@code retentionSeconds}; {@code maxPostings} stored queries
 * per hash. {@code action}: {@code reject} (a matched query is refused, 403, and is a strike for the lockout) or
 * {@code flag} (answered; the lockout turns repeated flags into degraded answers and a ban).
 * The defaults are the ones measured in docs/stateful.md.
 */
public record QueryConfig(Double quantization, Integer window, Integer stride, Integer hashes, Integer threshold,
                          Integer minTransitions, Integer capacity, Integer retentionSeconds, Integer maxPostings,
                          String action, String method, Integer bits) {
    public static final String WINDOWS = "windows";
    public static final String PROJECTIONS = "projections";
    public static final int DEFAULT_BITS = 44;
    public static final int DEFAULT_PROJECTION_HASHES = 30;
    public static final int DEFAULT_PROJECTION_THRESHOLD = 5;
    public static final double DEFAULT_QUANTIZATION = FingerprintSettings.DEFAULT_QUANTIZATION;
    public static final int DEFAULT_WINDOW = FingerprintSettings.DEFAULT_WINDOW;
    public static final int DEFAULT_STRIDE = FingerprintSettings.DEFAULT_STRIDE;
    public static final int DEFAULT_HASHES = FingerprintSettings.DEFAULT_HASHES;
    public static final int DEFAULT_THRESHOLD = 9;
    public static final int DEFAULT_MIN_TRANSITIONS = FingerprintSettings.DEFAULT_MIN_TRANSITIONS;
    public static final int DEFAULT_CAPACITY = 100_000;
    public static final int DEFAULT_RETENTION_SECONDS = 3600;
    public static final int DEFAULT_MAX_POSTINGS = 8;
    public static final String FLAG = "flag";
    public static final String REJECT = "reject";

    public QueryConfig {
        method = method == null ? WINDOWS : method.trim().toLowerCase(Locale.ROOT);
        if (!method.equals(WINDOWS) && !method.equals(PROJECTIONS)) {
            throw new IllegalArgumentException("method must be windows or projections, not '" + method + "'");
        }
        boolean projections = method.equals(PROJECTIONS);
        bits = bits == null ? DEFAULT_BITS : bits;
        if (bits < 8 || bits > 63) throw new IllegalArgumentException("bits must be between 8 and 63");
        if (projections && hashes == null) hashes = DEFAULT_PROJECTION_HASHES;
        if (projections && threshold == null) threshold = DEFAULT_PROJECTION_THRESHOLD;
        quantization = quantization == null ? DEFAULT_QUANTIZATION : quantization;
        window = window == null ? DEFAULT_WINDOW : window;
        stride = stride == null ? DEFAULT_STRIDE : stride;
        hashes = hashes == null ? DEFAULT_HASHES : hashes;
        threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
        minTransitions = minTransitions == null ? DEFAULT_MIN_TRANSITIONS : minTransitions;
        capacity = capacity == null ? DEFAULT_CAPACITY : capacity;
        retentionSeconds = retentionSeconds == null ? DEFAULT_RETENTION_SECONDS : retentionSeconds;
        maxPostings = maxPostings == null ? DEFAULT_MAX_POSTINGS : maxPostings;
        action = action == null ? REJECT : action.trim().toLowerCase(Locale.ROOT);
        new FingerprintSettings(quantization, window, stride, hashes, minTransitions);
        if (threshold < 1 || threshold > hashes) throw new IllegalArgumentException("threshold must be between 1 and hashes");
        if (capacity < 1 || capacity > 10_000_000) throw new IllegalArgumentException("capacity must be between 1 and 10000000");
        if (retentionSeconds < 1) throw new IllegalArgumentException("retentionSeconds must be >= 1");
        if (maxPostings < 1 || maxPostings > 1024) throw new IllegalArgumentException("maxPostings must be between 1 and 1024");
        if (!action.equals(FLAG) && !action.equals(REJECT)) throw new IllegalArgumentException("action must be flag or reject, not '" + action + "'");
    }

    public static QueryConfig defaults() {
        return new QueryConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public FingerprintSettings fingerprint() {
        return new FingerprintSettings(quantization, window, stride, hashes, minTransitions);
    }

    /** A short name for the fingerprint settings: fingerprints made with other settings do not compare. */
    public String fingerprintTag() {
        return method.equals(PROJECTIONS) ? "p" + bits + "h" + hashes : fingerprint().tag();
    }

    public Duration retention() {
        return Duration.ofSeconds(retentionSeconds);
    }
}
