package dev.warden.defense;

import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.policy.Policy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;

/**
 * What a defense factory may use to build a defense for one guarded model: that model's metadata, the
 * other models of the policy (for cross-checks), the policy itself, the clock and the metrics registry.
 */
public record DefenseContext(ModelMetadata model, Map<String, Model> models, Policy policy, Clock clock,
                             MeterRegistry metrics) {
}
