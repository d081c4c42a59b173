package dev.warden.defense;

import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.policy.Policy;
import dev.warden.state.MemoryStateStore;
import dev.warden.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;

/**
 * What a defense factory may use to build a defense for one guarded model: that model's metadata, the
 * other models of the policy (for cross-checks), the policy itself, the clock, the metrics registry, and the
 * state store that stateful defenses keep their memory in (owned by the running deployment, so that it
 * outlives policy reloads).
 */
public record DefenseContext(ModelMetadata model, Map<String, Model> models, Policy policy, Clock clock,
                             MeterRegistry metrics, StateStore state) {
    /** A context with a fresh in-memory state store of its own (tests and tools that build one guard). */
    public DefenseContext(ModelMetadata model, Map<String, Model> models, Policy policy, Clock clock, MeterRegistry metrics) {
        this(model, models, policy, clock, metrics, MemoryStateStore.ephemeral(clock));
    }
}
