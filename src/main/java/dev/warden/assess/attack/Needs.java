package dev.warden.assess.attack;

import dev.warden.guard.Reveal;

/** What an attack needs from its target's answers. */
public enum Needs {
    LABELS, SCORES;

    /** Refuses an attack whose target cannot give what it needs, with a message that says why. */
    public void check(String attack, Reveal reveals) {
        boolean ok = this == LABELS ? reveals != Reveal.NONE : reveals == Reveal.SCORES || reveals == Reveal.TOPK;
        if (!ok) {
            throw new UnsupportedTargetException(attack + " needs " + (this == LABELS ? "the predicted label" : "class scores")
                    + " but the target reveals " + describe(reveals));
        }
    }

    static String describe(Reveal r) {
        return switch (r) {
            case SCORES -> "full scores";
            case TOPK -> "top-k probabilities";
            case LABEL -> "the top label only";
            case NONE -> "nothing";
        };
    }
}
