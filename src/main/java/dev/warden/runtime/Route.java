package dev.warden.runtime;

import dev.warden.guard.Guard;
import dev.warden.guard.Tier;
import dev.warden.model.ModelMetadata;
import java.util.Map;
import java.util.Objects;

/**
 * One servable model version: its guard (its own defense chain and calibration, built from the policy as the
 * route sees it), the tiers its answers are shaped to, and the state namespace its stateful defenses key
 * their memory under (the model's name, shared by its versions).
 */
public record Route(String model, String version, Guard guard, Map<String, Tier> tiers, String namespace) {
    public Route {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(guard, "guard");
        tiers = Map.copyOf(tiers);
        Objects.requireNonNull(namespace, "namespace");
    }

    /** The model's metadata as this route serves it (under the route's version). */
    public ModelMetadata metadata() {
        ModelMetadata m = guard.model().metadata();
        if (version.equals(m.version())) return m;
        return new ModelMetadata(m.name(), version, m.platform(), m.inputs(), m.outputs(), m.labels(), m.inputRange(),
                m.layout(), m.scoresOutput(), m.scoresKind(), m.featuresOutput(), m.sha256());
    }
}
