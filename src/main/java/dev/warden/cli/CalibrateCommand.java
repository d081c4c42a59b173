package dev.warden.cli;

import dev.warden.calibrate.CalibrationFile;
import dev.warden.calibrate.Calibrator;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.defense.DefenseRegistry;
import dev.warden.model.Model;
import dev.warden.model.OnnxModel;
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

    @Option(names = "--data", description = "benign images, IDX (labels beside it by the usual naming; default: the bundled 10,000 training images)")
    Path data;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "write here instead of the file the policy names")
    Path out;

    @Override
    public Integer call() {
        Path file = policy != null ? policy : Home.defaultPolicy();
        Policy p = PolicyLoader.load(file);
        Path target = out != null ? out : p.calibrationFile().orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                file + " names no calibration file (add 'calibration: FILE' to it) and no --out was given"));
        Path images = data != null ? data : Home.dir().resolve("data/fashion-train-10000-images-idx3-ubyte.gz");
        LabeledImages benign = data != null ? LabeledImages.read(data, FashionMnist.labelsFor(data)) : FashionMnist.bundledTrain(Home.dir());
        String name = images.toAbsolutePath().normalize().startsWith(Home.dir())
                ? Home.dir().relativize(images.toAbsolutePath().normalize()).toString() : images.toString();
        try (ModelPool pool = new ModelPool()) {
            Map<String, Model> models = pool.acquire(p);
            CalibrationFile result = new Calibrator(DefenseRegistry.standard(), System.err::println)
                    .calibrate(p, models, benign, new Calibrator.DataSource(name, OnnxModel.sha256(images)), seed);
            result.write(target);
            int sections = result.models().values().stream().mapToInt(m -> m.defenses().size()).sum();
            System.out.println("wrote " + target + ": " + sections + " calibrated defense(s) for " + result.models().keySet()
                    + " on " + benign.count() + " images, seed " + seed);
        }
        return 0;
    }
}
