package dev.warden.defense.crosscheck;

import java.util.Set;
import dev.warden.defense.Requirement;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.calibrate.BatchInference;
import dev.warden.calibrate.Calibrated;
import dev.warden.calibrate.CalibrationFile;
import dev.warden.calibrate.CalibrationInput;
import dev.warden.calibrate.Calibrations;
import dev.warden.calibrate.Thresholds;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.defense.sanitize.Sanitizer;
import dev.warden.guard.Defense;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class CrosscheckFactory implements DefenseFactory<CrosscheckConfig>, Calibrated<CrosscheckConfig> {
    @Override
    public String type() {
        return CrosscheckDefense.NAME;
    }

    @Override
    public Class<CrosscheckConfig> configType() {
        return CrosscheckConfig.class;
    }

    @Override
    public Set<Requirement> requires(CrosscheckConfig config) {
        // Squeezers are image transforms (they run through the sanitizer's NCHW code, scaled by the input range).
        return config.parsedSqueezers().isEmpty() ? Set.of(Requirement.SCORES, Requirement.NUMERIC_INPUT)
                : Set.of(Requirement.SCORES, Requirement.NUMERIC_INPUT, Requirement.NCHW_IMAGE, Requirement.INPUT_RANGE);
    }

    @Override
    public Defense create(CrosscheckConfig config, DefenseContext context) {
        ModelMetadata meta = context.model();
        CrosscheckScorer scorer = scorer(config, context.models(), meta);
        CrosscheckCalibration c = Calibrations.section(context.policy(), context.model(), type(), key(config, context.models()), CrosscheckCalibration.class);
        return new CrosscheckDefense(scorer, c.scales(), c.threshold(), meta.inputs().get(0).name(), meta.scoresOutputOrFirst(),
                config.action());
    }

    static CrosscheckScorer scorer(CrosscheckConfig config, Map<String, Model> models, ModelMetadata meta) {
        Model self = models.get(meta.name());
        if (self == null) throw new IllegalArgumentException("the guarded model " + meta.name() + " is not among the policy's models");
        List<Sanitizer> squeezers = config.parsedSqueezers().stream().map(t -> new Sanitizer(List.of(t), meta)).toList();
        List<Model> others = new ArrayList<>();
        for (String name : config.models()) {
            Model m = models.get(name);
            if (m == null) throw new IllegalArgumentException("models: no model '" + name + "' in the policy (it has " + models.keySet() + ")");
            if (name.equals(meta.name())) throw new IllegalArgumentException("models: " + name + " is the guarded model itself");
            others.add(m);
        }
        return new CrosscheckScorer(self, squeezers, others);
    }

    private static String key(CrosscheckConfig config, Map<String, Model> models) {
        List<String> named = new ArrayList<>();
        for (String name : config.models()) {
            Model m = models.get(name);
            String sha = m == null || m.metadata().sha256() == null ? "remote" : m.metadata().sha256().substring(0, 12);
            named.add(name + "@" + sha);
        }
        return String.format(Locale.ROOT, "squeezers=%s models=%s targetFpr=%s", String.join(",", config.squeezers()),
                String.join(",", named), config.targetFpr());
    }

    @Override
    public String calibrationKey(CrosscheckConfig config, Map<String, Model> models) {
        return key(config, models);
    }

    @Override
    public JsonNode calibrate(CrosscheckConfig config, CalibrationInput input) {
        ModelMetadata meta = input.model().metadata();
        CrosscheckScorer scorer = scorer(config, input.models(), meta);
        List<double[]> images = input.images();
        double[][] logits = input.output(meta.scoresOutputOrFirst());
        int n = images.size();
        double[][] scores = new double[scorer.components()][n];
        for (int from = 0; from < n; from += BatchInference.BATCH) {
            int to = Math.min(n, from + BatchInference.BATCH);
            Tensor batch = BatchInference.batch(meta.inputs().get(0), images.subList(from, to));
            int classes = logits[0].length;
            double[] flat = new double[(to - from) * classes];
            for (int i = from; i < to; i++) System.arraycopy(logits[i], 0, flat, (i - from) * classes, classes);
            double[][] s = scorer.scores(batch, Tensor.fp32("scores", new long[]{to - from, classes}, flat));
            for (int c = 0; c < s.length; c++) System.arraycopy(s[c], 0, scores[c], from, to - from);
        }
        List<Double> scales = new ArrayList<>();
        double[] scale = new double[scores.length];
        for (int c = 0; c < scores.length; c++) {
            scale[c] = Math.max(1e-9, Thresholds.atFalsePositiveRate(scores[c], config.targetFpr()));
            scales.add(scale[c]);
        }
        double[] combined = CrosscheckCalibration.combine(scores, scale);
        double threshold = Thresholds.atFalsePositiveRate(combined, config.targetFpr());
        return CalibrationFile.json().valueToTree(new CrosscheckCalibration(scorer.componentNames(), scales, threshold, n,
                Thresholds.rateAbove(combined, threshold)));
    }
}
