package dev.warden.defense;

import dev.warden.guard.Signal;

/** What a detector does with an input over its threshold: reject it (403) or flag it and answer. */
public enum OnDetect {
    REJECT, FLAG;

    public Signal signal(String defense, double score, String reason, String message) {
        return this == REJECT ? new Signal(defense, dev.warden.guard.Verdict.REJECT, score, reason, message)
                : Signal.flag(defense, score, reason, message);
    }

    public static OnDetect orDefault(OnDetect value) {
        return value == null ? REJECT : value;
    }
}
