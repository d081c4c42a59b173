package dev.warden.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The versions (routes) of one model name and which of them answers requests that name no version: the
 * {@code serving} one (the policy entry marked {@code default: true}, else the only or first one), except for
 * the accounts an update's canary gives to the {@code canary} version: {@code canaryShare} percent of them,
 * chosen by a hash of the account, so that the same account always sees the same version.
 */
public record Rollout(String model, Map<String, Route> versions, String serving, String canary, int canaryShare) {
    public Rollout {
        Objects.requireNonNull(model, "model");
        versions = Map.copyOf(versions);
        if (!versions.containsKey(serving)) {
            throw new IllegalArgumentException("model " + model + " has no version " + serving + " to serve (it has " + versions.keySet() + ")");
        }
        if (canary != null && !versions.containsKey(canary)) {
            throw new IllegalArgumentException("model " + model + " has no version " + canary + " for the canary");
        }
        if (canaryShare < 0 || canaryShare > 100) throw new IllegalArgumentException("canaryShare must be between 0 and 100");
        if (canary == null) canaryShare = 0;
    }

    public Rollout(String model, Map<String, Route> versions, String serving) {
        this(model, versions, serving, null, 0);
    }

    /** The route that answers a request: the named version, or the serving one when {@code version} is null. */
    public Optional<Route> route(String version) {
        return Optional.ofNullable(versions.get(version == null ? serving : version));
    }

    /** The route that answers {@code account}: the named version, else the canary's for the account's bucket, else the serving one. */
    public Optional<Route> route(String version, String account) {
        if (version == null && canary != null && bucket(model, account) < canaryShare) return Optional.of(versions.get(canary));
        return route(version);
    }

    /**
     * The account's bucket, 0 to 99: the String hash (specified by the JLS, so the same in every replica) of model
     * and account, mixed by MurmurHash3's finalizer so that similar account names spread evenly.
     */
    public static int bucket(String model, String account) {
        int h = (model + '\u0000' + account).hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, 100);
    }

    public Route servingRoute() {
        return versions.get(serving);
    }

    /** Versions, sorted. */
    public List<String> versionNames() {
        return List.copyOf(new TreeMap<>(versions).keySet());
    }
}
