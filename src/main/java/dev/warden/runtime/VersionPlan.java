package dev.warden.runtime;

import dev.warden.policy.ModelConfig;
import java.util.Objects;

/**
 * What an update adds to a model's rollout on top of the policy: the {@code candidate} version (a model entry
 * with its own file, sidecar, calibration and chain, served beside the policy's versions), the percent of
 * accounts its canary answers, and whether it has been promoted to answer everyone. Applied to every deployment
 * the policy builds until the update ends, so a policy reload keeps it.
 */
public record VersionPlan(ModelConfig candidate, int canaryShare, boolean promoted) {
    public VersionPlan {
        Objects.requireNonNull(candidate, "candidate");
        if (candidate.version() == null) throw new IllegalArgumentException("a candidate entry names its version");
        if (canaryShare < 0 || canaryShare > 100) throw new IllegalArgumentException("canaryShare must be between 0 and 100");
    }

    public String model() {
        return candidate.name();
    }
}
