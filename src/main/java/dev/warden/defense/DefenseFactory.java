package dev.warden.defense;

import dev.warden.guard.Defense;
import java.util.Set;

/**
 * Builds one kind of defense from its config record. The registry binds the policy's settings to
 * {@link #configType()} (a record that validates itself) before calling {@link #create}.
 */
public interface DefenseFactory<C> {
    String type();

    Class<C> configType();

    Defense create(C config, DefenseContext context);

    /**
     * What this defense needs of the model it guards, with these settings; checked when the policy loads
     * (an unmet requirement refuses the policy, naming the defense, the model and the reason).
     */
    default Set<Requirement> requires(C config) {
        return Set.of();
    }

    /** False for defenses whose observe mode would let harm through (validation feeds the model). */
    default boolean allowsObserve() {
        return true;
    }
}
