package dev.warden.defense.lockout;

import dev.warden.guard.Reveal;
import java.util.Locale;

/** From {@code strikes} strikes in the window on, answers reveal at most {@code reveal} (topk, label or none). */
public record DegradeStep(Integer strikes, String reveal) {
    public DegradeStep {
        if (strikes == null || strikes < 1) throw new IllegalArgumentException("strikes must be >= 1");
        if (reveal == null) throw new IllegalArgumentException("reveal is required (topk, label or none)");
        reveal = reveal.trim().toLowerCase(Locale.ROOT);
        Reveal level;
        try {
            level = Reveal.valueOf(reveal.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reveal must be topk, label or none, not '" + reveal + "'");
        }
        if (level == Reveal.SCORES) throw new IllegalArgumentException("reveal must be topk, label or none (scores is no degradation)");
    }

    public Reveal level() {
        return Reveal.valueOf(reveal.toUpperCase(Locale.ROOT));
    }
}
