package dev.warden.bench;

import dev.warden.calibrate.BatchInference;
import dev.warden.calibrate.Thresholds;
import dev.warden.data.Samples;
import dev.warden.defense.crosscheck.CrosscheckDefense;
import dev.warden.model.ModelMetadata;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Feature squeezing and model disagreement measured on successful adversarial examples against the clean
 * test images, for every crosscheck defense of the policy: the share of each attack's examples over the
 * calibrated threshold, AUROC, and the share of clean test images over it (false positives).
 */
public final class CrosscheckEvaluation {
    private CrosscheckEvaluation() {
    }

    public static String markdown(PolicyBench bench, Samples test, Map<String, List<double[]>> examples, String command, String source) {
        List<CrosscheckDefense> defenses = bench.defenses(CrosscheckDefense.class);
        if (defenses.isEmpty()) throw new IllegalArgumentException(bench.policy().source() + " has no crosscheck defense");
        List<double[]> clean = new ArrayList<>();
        for (int i = 0; i < test.count(); i++) clean.add(test.image(i));
        StringBuilder b = new StringBuilder("| views (calibrated threshold) | false positives on the 2,000 clean test images |");
        examples.keySet().forEach(a -> b.append(" ").append(a).append(": detected (AUROC) |"));
        b.append("\n|---|---:|").append("---:|".repeat(examples.size())).append('\n');
        for (CrosscheckDefense d : defenses) {
            double[] cleanScores = scores(bench, d, clean);
            b.append(String.format(Locale.ROOT, "| %s (%.3f) | **%.2f%%** |", String.join(" + ", d.components()), d.threshold(),
                    100 * Thresholds.rateAbove(cleanScores, d.threshold())));
            for (List<double[]> adv : examples.values()) {
                double[] s = scores(bench, d, adv);
                b.append(String.format(Locale.ROOT, " **%.1f%%** of %d (%.4f) |", 100 * Thresholds.rateAbove(s, d.threshold()), s.length,
                        Roc.auroc(cleanScores, s)));
            }
            b.append('\n');
        }
        b.append("\nEach view's L1 score is divided by its calibrated scale; the sum is compared with the threshold. ");
        return b.append("Examples: ").append(source).append(". Command: `").append(command).append("`\n").toString();
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
