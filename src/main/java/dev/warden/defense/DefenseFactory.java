package dev.warden.defense;

import dev.warden.guard.Defense;

/**
 * Builds one kind of defense from its config record. The registry binds the policy's settings to
 * {@link #configType()} (a record that validates itself) before calling {@link #create}.
 */
public interface DefenseFactory<C> {
    String type();

    Class<C> configType();

    Defense create(C config, DefenseContext context);

    /** False for defenses whose observe mode would let harm through (validation feeds the model). */
    default boolean allowsObserve() {
        return true;
    }
}
