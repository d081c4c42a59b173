package dev.warden.init;

import dev.warden.calibrate.BatchLimits;
import dev.warden.calibrate.CalibrationFile;
import dev.warden.defense.Calibrator;
import dev.warden.data.Samples;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseRegistry;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.ModelSidecar;
import dev.warden.model.OnnxModel;
import dev.warden.model.TensorSpec;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.LiveDeployment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code warden init}: from a model Warden has never seen to a policy that fits it. Reads what the ONNX graph and
 * any sidecar beside it declare, writes a sidecar with what was inferred, keeps each defense of the starter
 * chain the model can carry (as the defense registry itself judges), calibrates the ones that need benign data,
 * and loads the result the way {@code serve} will, so a policy it writes is one that starts.
 */
public final class Onboarding {
    /** The benign data, converted for a model once its metadata is known (null: none given). */
    public record Data(String name, String sha256, Function<ModelMetadata, Samples> samples) {
    }

    public record Request(Path model, String name, List<String> labels, Data data, Path out, long seed) {
        public Request {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("model name '" + name + "' must be letters, digits, '.', '_' or '-' (at most 64)");
            }
        }
    }

    private final Consumer<String> progress;

    public Onboarding(Consumer<String> progress) {
        this.progress = progress;
    }

    public InitPlan run(Request r) {
        Path out = r.out().toAbsolutePath().normalize();
        createDirectories(out);
        Path sidecarFile = out.resolve(r.name() + ".json");
        Path policyFile = out.resolve("policy.yaml");
        // A sidecar init wrote before, which the user may have corrected (normalization, ranges), is read back
        // rather than guessed again; else the one beside the model.
        boolean readBack = Files.isRegularFile(sidecarFile);
        ModelSidecar beside = readBack ? ModelSidecar.read(sidecarFile) : ModelSidecar.besides(r.model());
        List<String> labels = r.labels() != null ? r.labels() : beside != null ? beside.labels() : null;
        ModelMetadata meta;
        try (OnnxModel probe = OnnxModel.load(r.model(), r.name(), 1, withLabels(beside, r.name(), labels))) {
            meta = probe.metadata();
        }
        RangeGuess guess = r.data() == null ? null : RangeGuess.of(meta, r.data().samples().apply(meta));
        writeSidecar(sidecarFile, beside, meta, labels, guess);
        if (guess != null) {
            try (OnnxModel probe = OnnxModel.load(r.model(), r.name(), 1, ModelSidecar.read(sidecarFile))) {
                meta = probe.metadata();
            }
        }
        List<String> inferred = describe(meta, beside == null ? null : readBack ? "graph + " + sidecarFile + ", read back"
                : "graph + the sidecar beside it", guess);
        List<String> todo = todo(meta, labels);
        if (guess != null) todo.add(0, "check the guessed range of input '" + meta.inputs().get(0).name() + "' in " + sidecarFile
                + ": validate refuses anything outside it");

        List<String> chain = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        StringBuilder defenses = new StringBuilder();
        try (OnnxModel model = OnnxModel.load(r.model(), r.name(), 1, ModelSidecar.read(sidecarFile))) {
            for (StarterChain.Candidate c : StarterChain.OFFERED) {
                if (c.needsData() && r.data() == null) {
                    leftOut.add(c.type() + ": needs benign samples to calibrate; rerun with --data PATH");
                    continue;
                }
                if (c.type().equals("ood") && model.metadata().featuresOutput() == null) {
                    leftOut.add("ood: the model declares no features output (the penultimate layer it is fitted on); export one "
                            + "and name it in the sidecar's features_output");
                    continue;
                }
                String refusal = c.needsData() ? null : refusal(out, r, c, model);
                if (refusal != null) {
                    leftOut.add(c.type() + ": " + refusal);
                    continue;
                }
                chain.add(c.type());
                defenses.append(c.yaml());
            }
        }
        StarterChain.NOT_OFFERED.forEach(c -> leftOut.add(c.type() + ": " + c.why()));
        boolean calibrated = chain.contains("ood");
        Path calibrationFile = calibrated ? out.resolve("policy.calibration.json") : null;
        writeString(policyFile, policyYaml(r, out, sidecarFile, calibrated, defenses.toString()));
        if (calibrated) calibrate(policyFile, r, calibrationFile);
        loadAsServeWould(policyFile);
        return new InitPlan(inferred, chain, leftOut, todo, policyFile, sidecarFile, calibrationFile);
    }

    /** The registry's reason why a starter defense cannot run on the model, or null when it can. */
    private static String refusal(Path out, Request r, StarterChain.Candidate c, Model model) {
        Path trial = out.resolve(".init-trial.yaml");
        try {
            writeString(trial, "version: 1\nmodels:\n  - name: " + r.name() + "\n    path: " + relative(out, r.model())
                    + "\n    sidecar: " + r.name() + ".json\ndefenses:\n" + c.yaml());
            Policy policy = PolicyLoader.load(trial);
            DefenseContext context = new DefenseContext(model.metadata(), Map.of(r.name(), model), policy, Clock.systemUTC(),
                    new SimpleMeterRegistry());
            DefenseRegistry.standard().build(policy, context);
            return null;
        } catch (PolicyException | IllegalArgumentException e) {
            String message = e.getMessage();
            int cut = message.indexOf(": defenses[");
            return cut >= 0 ? message.substring(message.indexOf(' ', cut + 2) + 1) : message;
        } finally {
            try {
                Files.deleteIfExists(trial);
            } catch (IOException ignored) {
                // a leftover trial file is harmless
            }
        }
    }

    private void calibrate(Path policyFile, Request r, Path target) {
        Policy policy = PolicyLoader.load(policyFile);
        try (dev.warden.runtime.ModelPool pool = new dev.warden.runtime.ModelPool()) {
            Map<String, Model> models = pool.acquire(policy);
            progress.accept("calibrating on " + r.data().name() + " ...");
            CalibrationFile file = new Calibrator(DefenseRegistry.standard(), progress).calibrate(policy, models,
                    m -> r.data().samples().apply(m.metadata()), new Calibrator.DataSource(r.data().name(), r.data().sha256()),
                    r.seed(), new BatchLimits(256, BatchLimits.DEFAULT_REMOTE_BODY_BYTES));
            file.write(target);
        }
    }

    private static void loadAsServeWould(Path policyFile) {
        new LiveDeployment(policyFile, DefenseRegistry.standard(), new SimpleMeterRegistry(), Clock.systemUTC(), null, List.of()).close();
    }

    private static String policyYaml(Request r, Path out, Path sidecar, boolean calibrated, String defenses) {
        return "# Written by 'warden init' for " + r.model().getFileName() + ": the starter chain that fits this model, enforced.\n"
                + "# Format: README.md, \"Policy format\"; what each defense does and costs: docs/defenses.md, docs/stateful.md.\n"
                + "version: 1\n\n"
                + "anonymous: {allowed: true, tier: label}   # clients without a key see the top label only\n\n"
                + "# API keys ('./warden key new' prints a key and the line to put here); admin keys for /admin, /metrics, /console.\n"
                + "accounts: []\nadmin:\n  keySha256: []\n\n"
                + "failures: {url: \"jdbc:sqlite:failures.db\"}   # the failure database, beside this file\n\n"
                + (calibrated ? "calibration: policy.calibration.json   # rerun 'warden calibrate --policy " + "policy.yaml --data ...' after changing the model\n\n" : "")
                + "models:\n  - name: " + r.name() + "\n    backend: onnx\n    path: " + relative(out, r.model())
                + "\n    sidecar: " + out.relativize(sidecar) + "\n    threads: 1\n\n"
                + "defenses:\n" + defenses;
    }

    private static String relative(Path from, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path rel = from.relativize(abs);
        // Relative when the model sits beside or near the policy (the pair moves together), else absolute.
        return rel.toString().isEmpty() || rel.startsWith("../..") ? abs.toString() : rel.toString();
    }

    private static ModelSidecar withLabels(ModelSidecar s, String name, List<String> labels) {
        if (labels == null) return s;
        if (s == null) return new ModelSidecar(name, null, null, labels, null, null, null, null, null, null);
        return new ModelSidecar(s.name(), s.version(), s.description(), labels, null, s.inputRange(), s.inputRanges(), s.layout(),
                s.normalization(), s.featureNames(), s.inputs(), s.scoresOutput(), s.scoresKind(), s.featuresOutput(), s.onnxSha256());
    }

    /** The sidecar beside the model (with the labels given), or what was inferred, so that every guess is written down. */
    private static void writeSidecar(Path file, ModelSidecar beside, ModelMetadata m, List<String> labels, RangeGuess guess) {
        ModelSidecar written;
        if (beside != null) {
            // A labels_file is relative to the original sidecar: the copy carries the labels themselves.
            List<String> carried = labels == null && beside.labelsFile() != null ? m.labels() : labels;
            written = withLabels(beside, m.name(), carried);
            if (guess != null) {
                ModelSidecar w = written;
                written = new ModelSidecar(w.name(), w.version(), w.description(), w.labels(), w.labelsFile(), guess.single(),
                        guess.perFeature(), w.layout(), w.normalization(), w.featureNames(), w.inputs(), w.scoresOutput(), w.scoresKind(),
                        w.featuresOutput(), w.onnxSha256());
            }
        } else {
            List<Double> range = guess != null ? guess.single()
                    : m.inputRange() == null ? null : List.of(m.inputRange().min(), m.inputRange().max());
            written = new ModelSidecar(m.name(), m.version(), "written by warden init from the ONNX graph", labels, null, range,
                    guess == null ? null : guess.perFeature(), m.layout(), null, null, null, m.scoresOutput(),
                    m.scoresKind() == null ? null : m.scoresKind().name().toLowerCase(java.util.Locale.ROOT), m.featuresOutput(), m.sha256());
        }
        written.write(file);
    }

    private static List<String> describe(ModelMetadata m, String sidecar, RangeGuess guess) {
        List<String> lines = new ArrayList<>();
        lines.add("model " + m.name() + " (" + (sidecar != null ? sidecar : "from the ONNX graph alone") + ")");
        for (TensorSpec in : m.inputs()) {
            var d = m.domain(in.name());
            lines.add("input '" + in.name() + "': " + in.datatype() + " " + Arrays.toString(in.shape()) + ", layout "
                    + (d == null || d.layout() == null ? "unknown" : d.layout()) + ", range "
                    + (d == null || d.ranges().isEmpty() ? "unknown" : d.ranges().size() == 1 ? "[" + d.ranges().get(0).min() + ", " + d.ranges().get(0).max() + "]" : d.ranges().size() + " per channel/feature")
                    + (d != null && d.normalization() != null ? ", normalized by the sidecar's mean/std" : "")
                    + (guess != null ? ", " + guess.how() : ""));
        }
        lines.add("scores: " + m.scoresOutputOrFirst() + " (" + m.scoresKind().name().toLowerCase(java.util.Locale.ROOT) + ")"
                + ", features: " + (m.featuresOutput() == null ? "none" : m.featuresOutput()));
        lines.add("labels: " + (m.labels().isEmpty() ? "none (class indices)" : m.labels().size() + " (" + String.join(", ", m.labels().subList(0, Math.min(5, m.labels().size()))) + (m.labels().size() > 5 ? ", ..." : "") + ")"));
        return lines;
    }

    private static List<String> todo(ModelMetadata m, List<String> labels) {
        List<String> todo = new ArrayList<>();
        if (labels == null || labels.isEmpty()) todo.add("class labels: answers name classes by index; give --labels FILE (one per line) or 'labels' in the sidecar");
        for (TensorSpec in : m.inputs()) {
            var d = m.domain(in.name());
            if (d == null || d.ranges().isEmpty()) {
                todo.add("the valid range of input '" + in.name() + "': add \"input_range\": [min, max] (or per-channel \"input_ranges\") "
                        + "to the sidecar so that validate refuses values outside it");
            }
            if (d != null && d.normalization() == null && in.datatype().isFloating() && d.layout() != dev.warden.model.Layout.FEATURES) {
                todo.add("if the model expects mean/std-normalized input, add \"normalization\": {\"mean\": [...], \"std\": [...]} to "
                        + "the sidecar: Warden cannot see it in the graph, and clients then send plain pixels");
            }
        }
        todo.add("API keys and an admin key (./warden key new), and a knn threshold measured for this model if you want knn");
        return todo;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
