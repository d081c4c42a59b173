package dev.warden.bench;

import dev.warden.calibrate.BatchInference;
import dev.warden.data.Samples;
import dev.warden.defense.sanitize.SanitizeDefense;
import dev.warden.defense.sanitize.Sanitizer;
import dev.warden.model.Model;
import dev.warden.tensor.Softmax;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each sanitizer of a policy costs and buys: accuracy on the clean test images with and without it,
 * and the share of adversarial examples whose true label it restores.
 */
public final class SanitizeEvaluation {
    private SanitizeEvaluation() {
    }

    public static String markdown(PolicyBench bench, Samples test, Path examplesDir, String command) {
        List<SanitizeDefense> sanitizers = bench.defenses(SanitizeDefense.class);
        if (sanitizers.isEmpty()) throw new IllegalArgumentException(bench.policy().source() + " has no sanitize defense");
        Map<String, List<double[]>> examples = examplesDir == null ? Map.of() : AdversarialExamples.readAll(examplesDir);
        List<double[]> clean = new ArrayList<>();
        int[] labels = new int[test.count()];
        for (int i = 0; i < test.count(); i++) {
            clean.add(test.image(i));
            labels[i] = test.label(i);
        }
        StringBuilder b = new StringBuilder("| sanitizer | clean test accuracy |");
        examples.keySet().forEach(a -> b.append(" ").append(a).append(" examples restored to the true label |"));
        b.append("\n|---|---:|").append("---:|".repeat(examples.size())).append('\n');
        b.append(row("none (bare model)", bench.model(), null, clean, labels, examples, examplesDir));
        for (SanitizeDefense s : sanitizers) {
            b.append(row(s.sanitizer().transforms().toString(), bench.model(), s.sanitizer(), clean, labels, examples, examplesDir));
        }
        return b.append("\nCommand: `").append(command).append("`\n").toString();
    }

    private static String row(String name, Model model, Sanitizer s, List<double[]> clean, int[] labels,
                              Map<String, List<double[]>> examples, Path dir) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "| %s | %.2f%% |", name, 100 * accuracy(model, s, clean, labels)));
        for (Map.Entry<String, List<double[]>> e : examples.entrySet()) {
            List<Integer> idx = AdversarialExamples.indices(dir, e.getKey());
            int[] truth = new int[idx.size()];
            for (int i = 0; i < truth.length; i++) truth[i] = labels[idx.get(i)];
            b.append(String.format(Locale.ROOT, " %.1f%% |", 100 * accuracy(model, s, e.getValue(), truth)));
        }
        return b.append('\n').toString();
    }

    private static double accuracy(Model model, Sanitizer s, List<double[]> images, int[] labels) {
        List<double[]> in = s == null ? images : images.stream().map(s::apply).toList();
        double[][] scores = BatchInference.run(model, in).get(model.metadata().scoresOutputOrFirst());
        int right = 0;
        for (int i = 0; i < scores.length; i++) if (Softmax.argmax(scores[i], 0, scores[i].length) == labels[i]) right++;
        return (double) right / labels.length;
    }
}
