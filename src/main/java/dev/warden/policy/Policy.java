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
 * Each served model entry may give its own chain and calibration ({@link #forRoute}); {@code update} holds the gates of
 * model updates.
 */
public record Policy(Path source, Path baseDir, ServerSettings server, AnonymousAccess anonymous,
                     Map<String, Tier> tiers, List<AccountConfig> accounts, AdminAccess admin,
                     List<ModelConfig> models, List<DefenseSpec> defenses, FailuresSettings failures,
                     StateSettings state, String calibration, UpdateSettings update) {
    public Policy {
        update = update == null ? UpdateSettings.defaults() : update;
        state = state == null ? StateSettings.defaults() : state;
        tiers = Map.copyOf(tiers);
        accounts = List.copyOf(accounts);
        models = List.copyOf(models);
        defenses = List.copyOf(defenses);
        failures = failures == null ? FailuresSettings.defaults() : failures;
    }

    /** A policy with the default {@code update} gates. */
    public Policy(Path source, Path baseDir, ServerSettings server, AnonymousAccess anonymous, Map<String, Tier> tiers,
                  List<AccountConfig> accounts, AdminAccess admin, List<ModelConfig> models, List<DefenseSpec> defenses,
                  FailuresSettings failures, StateSettings state, String calibration) {
        this(source, baseDir, server, anonymous, tiers, accounts, admin, models, defenses, failures, state, calibration, null);
    }

    /** The entry that answers requests for {@code name} naming no version: the one marked default, else the first. */
    public Optional<ModelConfig> model(String name) {
        List<ModelConfig> entries = models.stream().filter(m -> m.name().equals(name)).toList();
        return entries.stream().filter(ModelConfig::isDefault).findFirst().or(() -> entries.stream().findFirst());
    }

    /**
     * This policy as one route sees it: the route's own defense chain and calibration file where it names
     * them, the policy's otherwise. Defense factories read the chain and calibration from the policy they are
     * given, so a route's defenses are built from this view.
     */
    public Policy forRoute(ModelConfig route) {
        if (route.defenses() == null && route.calibration() == null) return this;
        return new Policy(source, baseDir, server, anonymous, tiers, accounts, admin, models,
                route.defenses() != null ? route.defenses() : defenses, failures, state,
                route.calibration() != null ? route.calibration() : calibration, update);
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
