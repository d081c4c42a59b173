package dev.warden.fuzz;

import dev.warden.fuzz.coverage.Coverage;
import dev.warden.fuzz.coverage.CoverageSettings;
import dev.warden.fuzz.mutate.MutationLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * A fuzzing campaign: what to fuzz (a policy in process, or an OIP URL with a local copy of the model), the
 * data, the budget in queries per run, the strategy and guiding criteria, the random seed and how many
 * seeds the comparison repeats over, the oracles (empty: every one the target supports), the covered layers
 * (empty: every activation) and mutation kinds (empty: every one that fits the input), and how the guided
 * strategy picks parents.
 */
public record FuzzSettings(Path policy, String target, Path localModel, List<Path> peerModels, String model, List<String> apiKeys,
                           Path data, Path calibrationData, int seedInputs, int calibrationInputs, long budget, Strategy strategy,
                           List<String> guides, long seed, int repeats, List<Oracle> oracles, List<String> layers,
                           List<String> mutations, MutationLimits limits, CoverageSettings coverage, Schedule schedule) {
    public static final int DEFAULT_SEED_INPUTS = 100;
    public static final int DEFAULT_CALIBRATION_INPUTS = 2000;
    public static final int DEFAULT_REPEATS = 3;

    public FuzzSettings {
        if ((policy == null) == (target == null)) throw new IllegalArgumentException("give --policy FILE or --target URL (one of them)");
        if (target != null && !(target.startsWith("http://") || target.startsWith("https://"))) {
            throw new IllegalArgumentException("--target must be an http:// or https:// URL, not '" + target + "'");
        }
        if (target != null && localModel == null) {
            throw new IllegalArgumentException("--target URL needs --local-model FILE.onnx: coverage and the local oracles run on a copy of the served model");
        }
        if (budget < 1) throw new IllegalArgumentException("--budget must be >= 1 query");
        if (seedInputs < 1) throw new IllegalArgumentException("--seeds must be >= 1");
        if (calibrationInputs < 2) throw new IllegalArgumentException("--calibration-inputs must be >= 2");
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1");
        guides = List.copyOf(guides);
        if (guides.isEmpty()) throw new IllegalArgumentException("--guide needs at least one criterion");
        for (String g : guides) {
            if (!Coverage.GUIDES.contains(g)) throw new IllegalArgumentException("--guide must be among " + Coverage.GUIDES + ", not '" + g + "'");
        }
        peerModels = List.copyOf(peerModels);
        apiKeys = List.copyOf(apiKeys);
        oracles = List.copyOf(oracles);
        layers = List.copyOf(layers);
        mutations = List.copyOf(mutations);
        if (limits == null) limits = MutationLimits.DEFAULTS;
        if (coverage == null) coverage = CoverageSettings.defaults();
        if (schedule == null) schedule = Schedule.CORPUS;
    }
}
