package dev.warden.defense.knownfailure;

import dev.warden.defense.query.FingerprintSettings;
import java.util.Locale;

/**
 * Settings of the known-failure defense: what a match does ({@code reject}, the default, or {@code flag})
 * and how queries are matched to confirmed evidence: {@code fingerprint} (the default: exact copies and
 * near-copies, by the query detector's keyed fingerprints) or {@code exact} (the SHA-256 of each example's
 * canonical bytes only). The fingerprint settings ({@code quantization}, {@code window}, {@code stride},
 * {@code hashes}, {@code minTransitions}) default to the query detector's; {@code threshold} is the number of
 * hashes a query must share with one known example (measured in docs/failures.md).
 */
public record KnownFailureConfig(String onMatch, String match, Double quantization, Integer window, Integer stride,
                                 Integer hashes, Integer minTransitions, Integer threshold) {
    public static final String DEFAULT_MATCH = FingerprintMatcher.NAME;
    public static final int DEFAULT_THRESHOLD = 8;

    public KnownFailureConfig {
        onMatch = onMatch == null ? "reject" : onMatch.toLowerCase(Locale.ROOT);
        if (!onMatch.equals("reject") && !onMatch.equals("flag")) throw new IllegalArgumentException("onMatch must be reject or flag, not '" + onMatch + "'");
        match = match == null ? DEFAULT_MATCH : match;
        FingerprintSettings f = FingerprintSettings.of(quantization, window, stride, hashes, minTransitions);
        quantization = f.quantization();
        window = f.window();
        stride = f.stride();
        hashes = f.hashes();
        minTransitions = f.minTransitions();
        threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
        if (threshold < 1 || threshold > hashes) throw new IllegalArgumentException("threshold must be between 1 and hashes");
    }

    public static KnownFailureConfig defaults() {
        return new KnownFailureConfig(null, null, null, null, null, null, null, null);
    }

    public boolean rejects() {
        return onMatch.equals("reject");
    }

    public FingerprintSettings fingerprint() {
        return new FingerprintSettings(quantization, window, stride, hashes, minTransitions);
    }
}
