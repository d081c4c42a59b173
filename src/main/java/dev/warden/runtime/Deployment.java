package dev.warden.runtime;

import dev.warden.guard.Guard;
import dev.warden.model.Model;
import dev.warden.policy.Policy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable snapshot of what a policy deploys: its guards by served model name, every model (served
 * or helper), and the accounts. Requests take a snapshot once and use it to the end; a reload swaps it.
 */
public record Deployment(Policy policy, Map<String, Guard> guards, Map<String, Model> models, Accounts accounts,
                         Instant loadedAt, long generation) {
    public Deployment {
        guards = Map.copyOf(guards);
        models = Map.copyOf(models);
    }

    public Optional<Guard> guard(String model) {
        return Optional.ofNullable(guards.get(model));
    }
}
