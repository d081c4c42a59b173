package dev.warden.cli;

import dev.warden.failures.AffectedModel;
import dev.warden.fuzz.Checkpoint;
import dev.warden.fuzz.FindingRecorder;
import dev.warden.fuzz.FuzzReport;
import dev.warden.fuzz.FuzzSettings;
import dev.warden.fuzz.Fuzzer;
import dev.warden.fuzz.Oracle;
import dev.warden.fuzz.RunResult;
import dev.warden.fuzz.Schedule;
import dev.warden.fuzz.Strategy;
import dev.warden.fuzz.coverage.CoverageSettings;
import dev.warden.fuzz.mutate.MutationLimits;
import dev.warden.fuzz.report.Comparison;
import dev.warden.fuzz.report.FindingJson;
import dev.warden.fuzz.report.FuzzReportHtml;
import dev.warden.fuzz.report.FuzzReportJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Coverage-guided testing of a guarded model: mutate seed inputs as a camera or user would, measure neuron coverage "
                + "(NC, KMNC, NBC, SNAC, TKNC, novelty) and report the failures found, deduplicated and minimized.",
                "Writes DIR/report.json, DIR/report.html and DIR/findings/<id>.json; compares coverage-guided and random at the same budget."})
final class FuzzCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", description = "fuzz this policy's guard in process (its served model is the local model)")
    Path policy;

    @Option(names = "--target", paramLabel = "URL", description = "fuzz an OIP v2 server over HTTP (the bypass oracle asks it); needs --local-model")
    String target;

    @Option(names = "--local-model", paramLabel = "FILE", description = "a local copy of the served ONNX model, for coverage and the local oracles")
    Path localModel;

    @Option(names = "--peer-model", paramLabel = "FILE", description = "another ONNX model for the disagreement oracle (the policy's other models are used too)")
    List<Path> peerModels = new ArrayList<>();

    @Option(names = "--model", description = "the model to fuzz (default: the policy's first served model; fashion-cnn over HTTP)")
    String model;

    @Option(names = "--api-key", description = "API key to query the target with (repeat to rotate accounts)")
    List<String> apiKeys = new ArrayList<>();

    @Option(names = "--data", paramLabel = "PATH", description = "seed inputs: an IDX images file with its labels beside it (default: the bundled Fashion-MNIST test subset)")
    Path data;

    @Option(names = "--calibration", paramLabel = "PATH", description = "IDX images for the neuron bounds (default: the bundled training subset; with --data, the data itself)")
    Path calibration;

    @Option(names = "--seeds", defaultValue = "" + FuzzSettings.DEFAULT_SEED_INPUTS, description = "seed inputs: the first N the model classifies correctly (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--calibration-inputs", defaultValue = "" + FuzzSettings.DEFAULT_CALIBRATION_INPUTS, description = "calibration inputs for the neuron bounds (default: ${DEFAULT-VALUE})")
    int calibrationInputs;

    @Option(names = "--budget", defaultValue = "20000", description = "queries per run, minimization included (default: ${DEFAULT-VALUE})")
    long budget;

    @Option(names = "--strategy", defaultValue = "coverage", description = "coverage (also runs random at the same budget, to compare) or random (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--guide", split = ",", description = "criteria that guide the coverage strategy, one run each: nc, kmnc, nbc, snac, tknc, novelty (default: novelty)")
    List<String> guides = new ArrayList<>();

    @Option(names = "--schedule", defaultValue = "corpus", description = "how the coverage strategy picks parents: corpus (TensorFuzz: "
            + "from the whole corpus) or seed (a uniform seed, then from its lineage) (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the primary run; the comparison adds seed+1, seed+2, ... (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--repeats", defaultValue = "" + FuzzSettings.DEFAULT_REPEATS, description = "random seeds the comparison runs over (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--oracle", split = ",", description = "misclassification, disagreement, nan, bypass (default: every one the target supports)")
    List<String> oracles = new ArrayList<>();

    @Option(names = "--layers", split = ",", description = "ONNX node names whose outputs are the neurons (default: every activation node)")
    List<String> layers = new ArrayList<>();

    @Option(names = "--mutations", split = ",", description = "mutation kinds to use (default: every one that fits the input): brightness, contrast, rotation, "
            + "translation, scale, blur, noise, jpeg, occlusion, sticker; feature for tabular inputs")
    List<String> mutations = new ArrayList<>();

    @Option(names = "--max-chain", defaultValue = "4", description = "mutations per input at most (default: ${DEFAULT-VALUE})")
    int maxChain;

    @Option(names = "--kmnc-k", defaultValue = "1000", description = "KMNC sections per neuron (default: ${DEFAULT-VALUE})")
    int kmncK;

    @Option(names = "--nc-threshold", defaultValue = "0.5", description = "NC threshold on layer-scaled activations (default: ${DEFAULT-VALUE})")
    double ncThreshold;

    @Option(names = "--tknc-k", defaultValue = "2", description = "TKNC: top-k neurons per layer (default: ${DEFAULT-VALUE})")
    int tkncK;

    @Option(names = "--record-failures", description = "record the primary run's findings in the failure database as new cases, with evidence")
    boolean recordFailures;

    @CommandLine.Mixin
    FailuresCommand.Db db = new FailuresCommand.Db();

    @Option(names = "--out", required = true, description = "folder for report.json, report.html and findings/")
    Path out;

    @Override
    public Integer call() {
        FuzzSettings settings = settings();
        DecisionLogLevel.quiet();
        quietAttribution();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + out + ": " + e.getMessage());
        }
        System.err.printf("warden fuzz: %s, budget %d queries per run, strategy %s%s, %d seed(s)%n",
                settings.target() != null ? settings.target() : "policy:" + settings.policy(), budget, strategy,
                settings.strategy() == Strategy.COVERAGE ? " (guides " + settings.guides() + ", and random to compare)" : "", repeats);
        FuzzReport report;
        try {
            report = new Fuzzer(settings, Home.dir()).run(FuzzCommand::progress);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        List<Path> files = FindingJson.write(report.primary().findings(), report.model(), out.resolve("findings"));
        FuzzReportJson.write(report, out.resolve("report.json"));
        FuzzReportHtml.write(report, out.resolve("report.html"));
        print(report, files.size());
        if (recordFailures) {
            List<String> labels;
            try (dev.warden.model.OnnxModel m = dev.warden.model.OnnxModel.load(localModelFile(report))) {
                labels = m.metadata().labels();
            }
            List<String> ids = new FindingRecorder(db.open(), new AffectedModel(report.model(), null, report.modelSha256()), labels)
                    .record(report.primary().findings());
            System.out.println("recorded " + ids.size() + " failure case(s) as new: " + String.join(" ", ids)
                    + (ids.isEmpty() ? "" : " (confirm one with 'warden failures confirm ID' to block it)"));
        }
        System.out.println("report: " + out.resolve("report.json") + ", " + out.resolve("report.html"));
        return 0;
    }

    /** The query detector logs each suspected attack query and the lockout each ban; a fuzzer's near-duplicates are thousands (the report counts them). */
    private static void quietAttribution() {
        if (System.getenv("WARDEN_DECISION_LOG") != null) return;
        for (String name : List.of("warden.query", "dev.warden.defense.lockout.LockoutDefense")) {
            if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) l.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    private Path localModelFile(FuzzReport report) {
        if (localModel != null) return localModel;
        dev.warden.policy.Policy p = dev.warden.policy.PolicyLoader.load(policy);
        return p.resolve(p.model(report.model()).orElseThrow().path());
    }

    private FuzzSettings settings() {
        try {
            Strategy s = Strategy.parse(strategy);
            MutationLimits d = MutationLimits.DEFAULTS;
            MutationLimits limits = new MutationLimits(d.brightness(), d.contrast(), d.rotationDegrees(), d.translationPixels(), d.scale(),
                    d.blurSigma(), d.noiseSigma(), d.jpegQualityMin(), d.occlusion(), d.sticker(), d.featureStep(), maxChain);
            CoverageSettings cov = new CoverageSettings(ncThreshold, kmncK, tkncK, CoverageSettings.DEFAULT_NOVELTY_QUANTILE);
            for (Path f : peerModels) if (!Files.isRegularFile(f)) throw new IllegalArgumentException("--peer-model: no such file " + f);
            if (localModel != null && !Files.isRegularFile(localModel)) throw new IllegalArgumentException("--local-model: no such file " + localModel);
            if (policy != null && !Files.isRegularFile(policy)) throw new IllegalArgumentException("--policy: no such file " + policy);
            return new FuzzSettings(policy, target, localModel, peerModels, model, apiKeys, data, calibration, seeds, calibrationInputs,
                    budget, s, guides.isEmpty() ? List.of("novelty") : guides, seed, repeats, Oracle.parseAll(oracles), layers, mutations, limits, cov,
                    Schedule.parse(schedule));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static void progress(String run, Checkpoint c) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "fuzz %s: %d queries, %.0f inputs/s,", run, c.queries(),
                c.seconds() > 0 ? c.queries() / c.seconds() : 0.0));
        c.coverage().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> b.append(String.format(Locale.ROOT, " %s %.3f", e.getKey(), e.getValue())));
        b.append(", distinct failures ").append(new java.util.TreeMap<>(c.distinctByOracle()));
        System.err.println(b);
    }

    private static void print(FuzzReport r, int written) {
        RunResult p = r.primary();
        System.out.printf(Locale.ROOT, "primary run %s seed %d: %d queries, %.0f inputs/s; coverage", p.label(), p.randomSeed(), p.queries(), p.inputsPerSecond());
        p.coverage().forEach((k, v) -> System.out.printf(Locale.ROOT, " %s %.4f", k, v));
        System.out.println();
        System.out.println("findings: " + written + " written to findings/; refusals by the guarded system: " + p.refusals());
        System.out.println("strategy            distinct failures by oracle, mean [min, max] over seeds " + r.oracles().stream().map(Oracle::wire).toList());
        for (Comparison.Row row : Comparison.of(r.runs(), r.oracles()).rows()) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-19s", row.strategy()));
            row.distinct().forEach((o, s) -> b.append(String.format(Locale.ROOT, " %s %.1f [%.0f, %.0f]", o, s.mean(), s.min(), s.max())));
            if (row.bypassRatioToRandom() != null) b.append(String.format(Locale.ROOT, "; bypass %.2fx random", row.bypassRatioToRandom()));
            System.out.println(b);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
