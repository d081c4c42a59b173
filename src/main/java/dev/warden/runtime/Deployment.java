package dev.warden.runtime;

import dev.warden.guard.Guard;
import dev.warden.model.Model;
import dev.warden.policy.Policy;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable snapshot of what a policy deploys: the rollout (routes by version) of each served model name,
 * every model by name (served or helper; for a name with several versions, the default one's), and the
 * accounts. Requests take a snapshot once and use it to the end; a reload swaps it.
 */
public record Deployment(Policy policy, Map<String, Rollout> rollouts, Map<String, Model> models, Accounts accounts,
                         Instant loadedAt, long generation) {
    public Deployment {
        rollouts = Map.copyOf(rollouts);
        models = Map.copyOf(models);
    }

    /** The route that answers {@code model} at {@code version} (null: the serving version). */
    public Optional<Route> route(String model, String version) {
        Rollout rollout = rollouts.get(model);
        return rollout == null ? Optional.empty() : rollout.route(version);
    }

    /** The serving version's guard of each served model name. */
    public Map<String, Guard> guards() {
        Map<String, Guard> guards = new HashMap<>();
        rollouts.forEach((name, r) -> guards.put(name, r.servingRoute().guard()));
        return guards;
    }

    /** The serving version's guard of {@code model}. */
    public Optional<Guard> guard(String model) {
        return route(model, null).map(Route::guard);
    }
}
