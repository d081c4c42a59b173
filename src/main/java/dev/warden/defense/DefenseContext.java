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
 * What a defense factory may use to build a defense for one route: its model's metadata, the other models of
 * the policy (for cross-checks), the policy as the route sees it (its chain and calibration), the clock, the
 * metrics registry, the state store that stateful defenses keep their memory in (owned by the running
 * deployment, so that it outlives policy reloads), and the {@code namespace} their keys in it start from: the
 * model's name, shared by all its versions, so that fingerprints and windows survive a version change.
 */
public record DefenseContext(ModelMetadata model, Map<String, Model> models, Policy policy, Clock clock,
                             MeterRegistry metrics, StateStore state, String namespace) {
    public DefenseContext {
        if (namespace == null) namespace = model.name();
    }

    /** A context keyed by the model's own name. */
    public DefenseContext(ModelMetadata model, Map<String, Model> models, Policy policy, Clock clock,
                          MeterRegistry metrics, StateStore state) {
        this(model, models, policy, clock, metrics, state, model.name());
    }

    /** A context with a fresh in-memory state store of its own (tests and tools that build one guard). */
    public DefenseContext(ModelMetadata model, Map<String, Model> models, Policy policy, Clock clock, MeterRegistry metrics) {
        this(model, models, policy, clock, metrics, MemoryStateStore.ephemeral(clock));
    }
}
