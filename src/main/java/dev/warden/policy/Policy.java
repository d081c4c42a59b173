package dev.warden.policy;

import dev.warden.guard.Tier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated policy: limits, who may query with which tier, the models, the defenses in order, where
 * the failure database is ({@code failures}) and the state store the stateful defenses share ({@code state}).
 * {@code calibration} names the file {@code warden calibrate} writes for the calibrated defenses (null: none).
 * Immutable; a reload builds a new one. {@code baseDir} resolves relative paths (the policy file's folder).
 */
public record Policy(Path source, Path baseDir, ServerSettings server, AnonymousAccess anonymous,
                     Map<String, Tier> tiers, List<AccountConfig> accounts, AdminAccess admin,
                     List<ModelConfig> models, List<DefenseSpec> defenses, FailuresSettings failures,
                     StateSettings state, String calibration) {
    public Policy {
        state = state == null ? StateSettings.defaults() : state;
        tiers = Map.copyOf(tiers);
        accounts = List.copyOf(accounts);
        models = List.copyOf(models);
        defenses = List.copyOf(defenses);
        failures = failures == null ? FailuresSettings.defaults() : failures;
    }

    public Optional<ModelConfig> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Path resolve(String relative) {
        Path p = Path.of(relative);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    /** The failure database this policy's server uses (see {@link FailuresSettings#resolvedUrl}). */
    public String failuresUrl() {
        return failures.resolvedUrl(baseDir);
    }

    /** The calibration file, resolved against the policy's folder; empty when the policy names none. */
    public Optional<Path> calibrationFile() {
        return calibration == null ? Optional.empty() : Optional.of(resolve(calibration));
    }

    public boolean hasDefense(String type) {
        return defenses.stream().anyMatch(d -> d.type().equals(type));
    }
}
