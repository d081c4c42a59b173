package dev.warden.bench;

import dev.warden.calibrate.BatchInference;
import dev.warden.calibrate.Thresholds;
import dev.warden.data.LabeledImages;
import dev.warden.defense.crosscheck.CrosscheckDefense;
import dev.warden.model.ModelMetadata;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Feature squeezing and model disagreement measured on successful adversarial examples against the clean
 * test images: the share of each attack's examples over the calibrated threshold, AUROC, and the share of
 * clean test images over it (false positives).
 */
public final class CrosscheckEvaluation {
    public record Row(String attack, int examples, double detected, double auroc) {
    }

    public record Result(List<String> components, double threshold, int clean, double falsePositives, List<Row> rows) {
        public String markdown(String command, String source) {
            StringBuilder b = new StringBuilder();
            b.append("| adversarial examples | count | detected | AUROC |\n|---|---:|---:|---:|\n");
            for (Row r : rows) {
                b.append(String.format(Locale.ROOT, "| %s | %d | **%.1f%%** | %.4f |%n", r.attack(), r.examples(), 100 * r.detected(), r.auroc()));
            }
            b.append(String.format(Locale.ROOT, "| **clean test images: false positives** | %d | **%.2f%%** | |%n", clean, 100 * falsePositives));
            b.append("\nComponents: ").append(String.join(", ", components)).append(String.format(Locale.ROOT,
                    "; each L1 score is divided by its own calibrated scale and their sum is compared with the threshold %.4g. ", threshold));
            b.append("Examples: ").append(source).append(". Command: `").append(command).append("`\n");
            return b.toString();
        }
    }

    private CrosscheckEvaluation() {
    }

    public static Result run(PolicyBench bench, LabeledImages test, Map<String, List<double[]>> examples) {
        CrosscheckDefense defense = bench.defense(CrosscheckDefense.class)
                .orElseThrow(() -> new IllegalArgumentException(bench.policy().source() + " has no crosscheck defense"));
        List<double[]> clean = new ArrayList<>();
        for (int i = 0; i < test.count(); i++) clean.add(test.image(i));
        double[] cleanScores = scores(bench, defense, clean);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : examples.entrySet()) {
            double[] s = scores(bench, defense, e.getValue());
            rows.add(new Row(e.getKey(), s.length, Thresholds.rateAbove(s, defense.threshold()), Roc.auroc(cleanScores, s)));
        }
        return new Result(defense.components(), defense.threshold(), clean.size(),
                Thresholds.rateAbove(cleanScores, defense.threshold()), rows);
    }

    static double[] scores(PolicyBench bench, CrosscheckDefense defense, List<double[]> images) {
        ModelMetadata meta = bench.model().metadata();
        double[] out = new double[images.size()];
        for (int from = 0; from < images.size(); from += BatchInference.BATCH) {
            int to = Math.min(images.size(), from + BatchInference.BATCH);
            Tensor batch = BatchInference.batch(meta.inputs().get(0), images.subList(from, to));
            Tensor logits = bench.model().infer(Map.of(batch.name(), batch)).get(meta.scoresOutputOrFirst());
            System.arraycopy(defense.scores(batch, logits), 0, out, from, to - from);
        }
        return out;
    }
}
