package dev.warden.guard;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * What an account tier may see: the reveal level, k for top-k, the decimal digits probabilities and scores
 * are rounded to (null: not rounded), whether the penultimate {@code features} output may be returned, and
 * whether decision details appear in response parameters.
 */
public record Tier(Reveal reveal, int k, Integer digits, boolean features, boolean decisionDetails) {
    public static final int DEFAULT_K = 3;

    public Tier {
        if (reveal == null) throw new IllegalArgumentException("reveal is required (scores, topk, label or none)");
        if (k < 1) throw new IllegalArgumentException("k must be >= 1");
        if (digits != null && (digits < 0 || digits > 8)) throw new IllegalArgumentException("digits must be between 0 and 8");
    }

    @JsonCreator
    static Tier fromYaml(@JsonProperty("reveal") String reveal, @JsonProperty("k") Integer k,
                         @JsonProperty("digits") Integer digits, @JsonProperty("features") Boolean features,
                         @JsonProperty("decisionDetails") Boolean decisionDetails) {
        Reveal level;
        try {
            level = reveal == null ? null : Reveal.valueOf(reveal.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reveal must be scores, topk, label or none, not '" + reveal + "'");
        }
        return new Tier(level, k == null ? DEFAULT_K : k, digits, Boolean.TRUE.equals(features),
                Boolean.TRUE.equals(decisionDetails));
    }

    public Tier withReveal(Reveal level) {
        return new Tier(level, k, digits, features && level == Reveal.SCORES, decisionDetails);
    }
}
