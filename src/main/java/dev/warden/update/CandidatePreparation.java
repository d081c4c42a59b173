package dev.warden.update;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.calibrate.CalibrationFile;
import dev.warden.defense.Calibrator;
import dev.warden.calibrate.ModelInputs;
import dev.warden.data.DataFormatException;
import dev.warden.data.SampleSource;
import dev.warden.data.Samples;
import dev.warden.defense.DefenseRegistry;
import dev.warden.defense.knn.KnnConfig;
import dev.warden.model.Model;
import dev.warden.model.ModelException;
import dev.warden.model.ModelSidecar;
import dev.warden.model.OnnxModel;
import dev.warden.policy.DefenseSpec;
import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The offline stage's first half: loads the candidate with its own sidecar, checks it against the serving
 * version's interface, carries the knn threshold over, and calibrates every calibrated defense of the route's
 * chain for it on the data and seed the serving calibration was made with (its own calibration file under the
 * updates folder). The result is the model entry the candidate is served under.
 */
final class CandidatePreparation {
    /** The candidate entry, ready to serve, with the model loaded for the comparison (the caller closes it). */
    record Prepared(ModelConfig entry, Model model, Double knnThreshold, KnnThreshold.Carried knn, Samples calibrationData,
                    VersionOutputs servingOnCalibration, VersionOutputs candidateOnCalibration) {
    }

    private final DefenseRegistry registry;
    private final Consumer<String> progress;

    CandidatePreparation(DefenseRegistry registry, Consumer<String> progress) {
        this.registry = registry;
        this.progress = progress;
    }

    Prepared prepare(Policy policy, ModelConfig serving, Model servingModel, Map<String, Model> byName, Path candidateFile,
                     String version, Path updatesDir, Path home, Integer calibrationSamples) {
        if (!Files.isRegularFile(candidateFile)) throw new UpdateRefused(400, "candidate_not_found", "candidate model file " + candidateFile + " not found");
        Path sidecarFile = sidecarOf(candidateFile);
        Model candidate;
        try {
            ModelSidecar sidecar = Files.isRegularFile(sidecarFile) ? ModelSidecar.read(sidecarFile) : null;
            candidate = OnnxModel.load(candidateFile, serving.name(), serving.threads(), sidecar);
        } catch (ModelException e) {
            throw new UpdateRefused(422, "candidate_unusable", "candidate " + candidateFile + " cannot be loaded: " + e.getMessage());
        }
        try {
            List<String> mismatches = InterfaceCheck.mismatches(servingModel.metadata(), candidate.metadata());
            if (!mismatches.isEmpty()) {
                throw new UpdateRefused(422, "interface_mismatch", "candidate " + candidateFile.getFileName() + " does not fit the interface of "
                        + serving.name() + ": " + String.join("; ", mismatches));
            }
            String v = version != null ? version : candidate.metadata().version();
            Policy view = policy.forRoute(serving);
            Samples calibration = calibrationData(view, home, calibrationSamples, servingModel);
            VersionOutputs servingOut = calibration == null ? null : VersionOutputs.of(servingModel, images(calibration));
            VersionOutputs candidateOut = calibration == null ? null : VersionOutputs.of(candidate, images(calibration));
            List<DefenseSpec> chain = new ArrayList<>(view.defenses());
            KnnThreshold.Carried knn = null;
            for (int i = 0; i < chain.size(); i++) {
                DefenseSpec spec = chain.get(i);
                if (!spec.type().equals("knn")) continue;
                if (servingOut == null || servingOut.features() == null) {
                    throw new UpdateRefused(422, "knn_not_carried", "the knn defense needs the calibration data and both models' features to carry its threshold over");
                }
                KnnConfig config = PolicyLoader.bindNode(spec.settings(), spec.path(), KnnConfig.class, policy.source().toString())
                        .forModel(serving.name(), servingModel.metadata().sha256());
                knn = KnnThreshold.carry(servingOut.features(), candidateOut.features(), config.k(), config.buffer(), config.threshold(), 1);
                ObjectNode settings = ((ObjectNode) spec.settings()).deepCopy();
                settings.put("threshold", knn.threshold());
                chain.set(i, new DefenseSpec(spec.type(), spec.mode(), settings, spec.path()));
                progress.accept(String.format(java.util.Locale.ROOT, "knn threshold %.4f on %s carried over as %.4f (benign rate %.4f on %d queries)",
                        config.threshold(), serving.name(), knn.threshold(), knn.benignRate(), knn.scored()));
            }
            ModelConfig entry = new ModelConfig(serving.name(), "onnx", candidateFile.toString(), null, null, null, null,
                    Files.isRegularFile(sidecarFile) ? sidecarFile.toString() : null, serving.threads(), true, v, false, null,
                    knn == null ? serving.defenses() : chain);
            Path calibrationFile = null;
            if (calibration != null && needsCalibration(policy, entry)) {
                calibrationFile = updatesDir.resolve(serving.name() + "-" + v + ".calibration.json");
                Policy candidateView = new Policy(policy.source(), policy.baseDir(), policy.server(), policy.anonymous(), policy.tiers(),
                        policy.accounts(), policy.admin(), List.of(entry), knn == null ? view.defenses() : chain, policy.failures(),
                        policy.state(), null, policy.update());
                Map<String, Model> models = new HashMap<>(byName);
                models.put(serving.name(), candidate);
                CalibrationFile existing = CalibrationFile.read(view.calibrationFile().orElseThrow());
                CalibrationFile fitted = new Calibrator(registry, progress).calibrate(candidateView, models, calibration,
                        new Calibrator.DataSource(existing.data(), existing.dataSha256()), existing.seed());
                fitted.write(calibrationFile);
                progress.accept("calibrated the candidate's defenses: " + calibrationFile);
            }
            entry = new ModelConfig(entry.name(), entry.backend(), entry.path(), null, null, null, null, entry.sidecar(), entry.threads(),
                    true, v, false, calibrationFile == null ? view.calibration() == null ? null : view.calibrationFile().get().toString() : calibrationFile.toString(),
                    entry.defenses());
            return new Prepared(entry, candidate, knn == null ? null : knn.threshold(), knn, calibration, servingOut, candidateOut);
        } catch (RuntimeException e) {
            candidate.close();
            throw e;
        }
    }

    private boolean needsCalibration(Policy policy, ModelConfig entry) {
        return policy.calibration() != null || entry.calibration() != null || policy.forRoute(entry).calibration() != null;
    }

    /** The samples and size the serving calibration was made with (null when the route has no calibration). */
    private Samples calibrationData(Policy view, Path home, Integer limit, Model servingModel) {
        if (view.calibrationFile().isEmpty()) return null;
        CalibrationFile existing;
        try {
            existing = CalibrationFile.read(view.calibrationFile().get());
        } catch (IllegalArgumentException e) {
            throw new UpdateRefused(422, "calibration_unreadable", e.getMessage());
        }
        Path data = home.resolve(existing.data());
        try {
            Samples samples = ModelInputs.samples(SampleSource.open(data), servingModel.metadata(), null, null);
            int n = Math.min(samples.count(), limit != null ? limit : existing.images() > 0 ? existing.images() : samples.count());
            progress.accept("calibration data: " + n + " samples of " + existing.data() + ", seed " + existing.seed());
            return Samples.loaded(samples, n);
        } catch (DataFormatException e) {
            throw new UpdateRefused(422, "calibration_data", "the serving calibration's data " + data + " cannot be read: " + e.getMessage());
        }
    }

    static List<double[]> images(Samples samples) {
        List<double[]> out = new ArrayList<>(samples.count());
        for (int i = 0; i < samples.count(); i++) out.add(samples.image(i));
        return out;
    }

    static Path sidecarOf(Path modelFile) {
        String file = modelFile.getFileName().toString();
        String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        return modelFile.resolveSibling(stem + ".json");
    }
}
