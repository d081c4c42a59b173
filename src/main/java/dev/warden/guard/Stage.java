package dev.warden.guard;

import java.util.Objects;

/** A defense in a guard's chain with the mode the policy runs it in. */
public record Stage(Defense defense, Mode mode) {
    public Stage {
        Objects.requireNonNull(defense, "defense");
        Objects.requireNonNull(mode, "mode");
    }

    public boolean enforcing() {
        return mode == Mode.ENFORCE;
    }
}
