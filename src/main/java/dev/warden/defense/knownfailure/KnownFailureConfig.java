package dev.warden.defense.knownfailure;

import java.util.Locale;

/**
 * Settings of the known-failure defense: what a match does ({@code reject}, the default, or {@code flag})
 * and how queries are matched to confirmed evidence ({@code exact}: the SHA-256 of each example's canonical
 * bytes; other matchers, such as keyed fingerprints, register under their own names).
 */
public record KnownFailureConfig(String onMatch, String match) {
    public static final String DEFAULT_MATCH = ExactHashMatcher.NAME;

    public KnownFailureConfig {
        onMatch = onMatch == null ? "reject" : onMatch.toLowerCase(Locale.ROOT);
        if (!onMatch.equals("reject") && !onMatch.equals("flag")) throw new IllegalArgumentException("onMatch must be reject or flag, not '" + onMatch + "'");
        match = match == null ? DEFAULT_MATCH : match;
    }

    public boolean rejects() {
        return onMatch.equals("reject");
    }
}
