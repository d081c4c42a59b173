package dev.warden.update;

import dev.warden.calibrate.ModelInputs;
import dev.warden.data.DataFormatException;
import dev.warden.data.SampleSource;
import dev.warden.data.Samples;
import dev.warden.defense.DefenseRegistry;
import dev.warden.model.Model;
import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.runtime.Deployment;
import dev.warden.runtime.Rollout;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline stage of one update: prepares the candidate ({@link CandidatePreparation}), compares both versions
 * on the labelled data ({@link OfflineComparison}), fits the score mapping, measures latency, replays the failure
 * database through scratch guards of both ({@link FailureReplay}), attacks both when asked, and assembles the
 * report. The candidate model it returns is the caller's to close.
 */
final class OfflineStage {
    private static final Logger LOG = LoggerFactory.getLogger(OfflineStage.class);

    record Result(ModelConfig entry, Double knnThreshold, Model model, Map<String, Object> report) {
    }

    private final DefenseRegistry registry;
    private final Clock clock;
    private final Path home;

    OfflineStage(DefenseRegistry registry, Clock clock, Path home) {
        this.registry = registry;
        this.clock = clock;
        this.home = home;
    }

    Result run(Deployment d, String model, UpdateManager.StartRequest request, List<String> attacks, long assessBudget) {
        Policy policy = d.policy();
        Rollout rollout = d.rollouts().get(model);
        ModelConfig serving = servingEntry(policy, model, rollout.serving());
        Model servingModel = rollout.servingRoute().guard().model();
        Path candidateFile = home.resolve(request.candidate()).normalize();
        Path updates = UpdateStores.dir(policy);
        CandidatePreparation.Prepared prepared = new CandidatePreparation(registry, m -> LOG.info("update {}: {}", model, m))
                .prepare(policy, serving, servingModel, d.models(), candidateFile, request.version(), updates, home, request.calibrationSamples());
        try {
            if (rollout.versions().containsKey(prepared.entry().version())) {
                throw new UpdateRefused(409, "version_taken", "model " + model + " already serves a version " + prepared.entry().version()
                        + ": give the candidate another version");
            }
            Samples data = comparisonData(request.data(), servingModel);
            List<double[]> images = CandidatePreparation.images(data);
            VersionOutputs old = VersionOutputs.of(servingModel, images);
            VersionOutputs fresh = VersionOutputs.of(prepared.model(), images);
            ScoreMapping mapping = prepared.servingOnCalibration() != null
                    ? ScoreMapping.fit(prepared.servingOnCalibration().probabilities(), prepared.candidateOnCalibration().probabilities())
                    : ScoreMapping.fit(old.probabilities(), fresh.probabilities());
            Map<String, Object> offline = OfflineComparison.compare(old, fresh, data, mapping);
            Map<String, Object> latency = OfflineComparison.latency(servingModel, prepared.model(), images);
            Map<String, Object> noise = NoiseRobustness.measure(servingModel, prepared.model(), images, old.predicted(), fresh.predicted());
            ScratchGuard servingGuard = scratch(registry, clock, policy, serving, d.models(), servingModel, null);
            ScratchGuard candidateGuard = scratch(registry, clock, policy, prepared.entry(), d.models(), prepared.model(), prepared.entry());
            FailureReplay.Result replay = FailureReplay.replay(policy.failuresUrl(), model, servingGuard, candidateGuard, "scores", clock);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", model);
            report.put("serving_version", rollout.serving());
            report.put("candidate_version", prepared.entry().version());
            report.put("candidate", candidateFile.toString());
            report.put("offline", offline);
            report.put("latency", latency);
            report.put("replay", replay.json());
            report.put("noise_robustness", noise);
            if (attacks != null) {
                report.put("assess", VersionAssessment.run(attacks, servingModel, rollout.serving(), prepared.model(), prepared.entry().version(),
                        data, assessBudget, VersionAssessment.DEFAULT_SAMPLES));
            }
            if (prepared.knn() != null) {
                Map<String, Object> knn = new LinkedHashMap<>();
                knn.put("candidate_threshold", prepared.knn().threshold());
                knn.put("benign_rate", prepared.knn().benignRate());
                knn.put("scored_queries", prepared.knn().scored());
                report.put("knn", knn);
            }
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("fitted_on", prepared.calibrationData() != null ? prepared.calibrationData().source() + " (" + prepared.calibrationData().count()
                    + " samples)" : data.source());
            sm.put("knots", ScoreMapping.KNOTS);
            sm.put("from", mapping.from());
            sm.put("to", mapping.to());
            report.put("score_mapping", sm);
            report.put("offline_gates", Gates.offline(policy.update(), offline, latency, replay.json(), noise).stream().map(GateVerdict::json).toList());
            return new Result(prepared.entry(), prepared.knnThreshold(), prepared.model(), report);
        } catch (RuntimeException e) {
            prepared.model().close();
            throw e;
        }
    }

    static ModelConfig servingEntry(Policy policy, String model, String version) {
        return policy.models().stream().filter(m -> m.name().equals(model) && m.serve() && (m.version() == null || m.version().equals(version)))
                .findFirst().orElseGet(() -> policy.model(model).orElseThrow());
    }

    /** A scratch guard for an entry of the policy, or for a candidate entry the policy does not hold ({@code extra}). */
    static ScratchGuard scratch(DefenseRegistry registry, Clock clock, Policy policy, ModelConfig entry, Map<String, Model> byName, Model model, ModelConfig extra) {
        Policy p = policy;
        if (extra != null) {
            List<ModelConfig> models = new ArrayList<>(policy.models());
            models.add(extra);
            p = new Policy(policy.source(), policy.baseDir(), policy.server(), policy.anonymous(), policy.tiers(), policy.accounts(),
                    policy.admin(), models, policy.defenses(), policy.failures(), policy.state(), policy.calibration(), policy.update());
        }
        try {
            return ScratchGuard.build(registry, p, entry, model, byName, clock);
        } catch (PolicyException e) {
            throw new UpdateRefused(422, "candidate_unusable", "the candidate's guard cannot be built: " + e.getMessage());
        }
    }

    private Samples comparisonData(String data, Model servingModel) {
        Path path = home.resolve(data == null ? UpdateManager.DEFAULT_DATA : data);
        try {
            SampleSource source = SampleSource.open(path);
            if (!source.labelled()) throw new UpdateRefused(400, "data_unlabelled", path + " has no labels, and the comparison needs them");
            return Samples.loaded(ModelInputs.samples(source, servingModel.metadata(), null, null), Integer.MAX_VALUE);
        } catch (DataFormatException e) {
            throw new UpdateRefused(400, "bad_data", e.getMessage());
        }
    }

}
