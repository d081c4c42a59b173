package dev.warden.update;

import java.util.Locale;

/** Where an update stands (DESIGN.md, "Stage"): the order is the only way forward; any stage may roll back. */
public enum UpdateStage {
    OFFLINE, SHADOW, CANARY, PROMOTED, ROLLED_BACK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the update is over (the candidate answers everyone, or nobody). */
    public boolean finished() {
        return this == PROMOTED || this == ROLLED_BACK;
    }
}
