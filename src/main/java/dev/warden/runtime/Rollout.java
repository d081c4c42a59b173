package dev.warden.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The versions (routes) of one model name and which of them answers requests that name no version: the
 * {@code serving} one (the policy entry marked {@code default: true}, else the only or first one). Canary
 * shares of an update will be decided here.
 */
public record Rollout(String model, Map<String, Route> versions, String serving) {
    public Rollout {
        Objects.requireNonNull(model, "model");
        versions = Map.copyOf(versions);
        if (!versions.containsKey(serving)) {
            throw new IllegalArgumentException("model " + model + " has no version " + serving + " to serve (it has " + versions.keySet() + ")");
        }
    }

    /** The route that answers a request: the named version, or the serving one when {@code version} is null. */
    public Optional<Route> route(String version) {
        return Optional.ofNullable(versions.get(version == null ? serving : version));
    }

    public Route servingRoute() {
        return versions.get(serving);
    }

    /** Versions, sorted. */
    public List<String> versionNames() {
        return List.copyOf(new TreeMap<>(versions).keySet());
    }
}
