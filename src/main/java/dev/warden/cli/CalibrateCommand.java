package dev.warden.cli;

import dev.warden.calibrate.CalibrationFile;
import dev.warden.defense.Calibrator;
import dev.warden.calibrate.BatchLimits;
import dev.warden.data.SampleSource;
import dev.warden.defense.DefenseRegistry;
import dev.warden.model.Model;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.ModelPool;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Fit every defense of a policy that needs benign data (ood, crosscheck, temporal) and write the",
                "calibration file the policy names (calibration: FILE). Thresholds are set at each defense's targetFpr.",
                "Deterministic for a seed."})
final class CalibrateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", description = "policy file (default: policies/default.yaml)")
    Path policy;

    @CommandLine.Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--batch", defaultValue = "256", description = "samples per inference call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "largest request body a remote (oip) backend takes; "
            + "batches are split to stay under it (default: 4194304, Warden's own limit)")
    Long maxBody;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "write here instead of the file the policy names")
    Path out;

    @Override
    public Integer call() {
        Path file = policy != null ? policy : Home.defaultPolicy();
        Policy p = PolicyLoader.load(file);
        if (out == null && p.calibrationFile().isEmpty() && !new Calibrator(DefenseRegistry.standard(), m -> { }).anyCalibrated(p)) {
            spec.commandLine().getOut().println(file + " has no defense that is calibrated on benign data (ood, temporal, crosscheck): nothing to calibrate");
            return 0;
        }
        Path target = out != null ? out : p.calibrationFile().orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                file + " names no calibration file (add 'calibration: FILE' to it) and no --out was given"));
        if (batch < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be >= 1");
        if (maxBody != null && maxBody < 1024) throw new CommandLine.ParameterException(spec.commandLine(), "--max-body must be >= 1024 bytes");
        SampleSource source = data.source(Home.dir().resolve("data/fashion-train-10000-images-idx3-ubyte.gz"));
        spec.commandLine().getErr().println("benign data: " + source.describe());
        spec.commandLine().getErr().flush();
        BatchLimits limits = new BatchLimits(batch, maxBody != null ? maxBody : BatchLimits.DEFAULT_REMOTE_BODY_BYTES);
        try (ModelPool pool = new ModelPool()) {
            Map<String, Model> models = pool.acquire(p);
            CalibrationFile result = new Calibrator(DefenseRegistry.standard(), System.err::println)
                    .calibrate(p, models, m -> data.forModel(source, m.metadata(), false, "calibrate"), new Calibrator.DataSource(DataOptions.name(source.path()), source.sha256()), seed, limits);
            result.write(target);
            int sections = result.models().values().stream().mapToInt(m -> m.defenses().size()).sum();
            System.out.println("wrote " + target + ": " + sections + " calibrated defense(s) for " + result.models().keySet()
                    + " on " + result.images() + " samples, seed " + seed);
        }
        return 0;
    }
}
