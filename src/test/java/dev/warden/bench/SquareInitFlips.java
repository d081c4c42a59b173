package dev.warden.bench;

import dev.warden.calibrate.BatchInference;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.model.Model;
import dev.warden.model.OnnxModel;
import dev.warden.tensor.ColumnStripes;
import dev.warden.tensor.Softmax;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How often Square's first query succeeds by itself: for the images the attack harness assesses (the first
 * {@code samples} test images the bundled CNN classifies right), the share of {@code draws} random
 * initialisations (vertical stripes of +-eps, {@link ColumnStripes}) that each model misclassifies. A query
 * detector cannot see a first query, so this share is what a guard without an input-side check concedes.
 * Usage: tools/bench.sh square-init [eps] [samples] [draws] [model.onnx | smooth:SIGMA[:N[:ACTION[:model.onnx]]] ...] (default: the
 * bundled models). {@code smooth:...} is the bundled CNN (or the given model) behind the {@code smooth} defense alone (alpha 0.001,
 * action reject unless given): a draw flips it only when answered with a wrong class; an abstention is no success.
 */
public final class SquareInitFlips {
    private static final int[] CHW = {1, 28, 28};

    public static void main(String[] args) {
        double eps = args.length > 0 ? Double.parseDouble(args[0]) : 0.2;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int draws = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path home = Path.of("").toAbsolutePath();
        List<Path> models = new ArrayList<>();
        List<String> smoothed = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            if (args[i].startsWith("smooth:")) smoothed.add(args[i]);
            else models.add(Path.of(args[i]));
        }
        if (models.isEmpty() && !smoothed.isEmpty()) models.add(home.resolve("models/fashion-cnn.onnx"));
        if (models.isEmpty()) {
            for (String m : List.of("fashion-cnn", "fashion-cnn-v2", "fashion-mlp")) models.add(home.resolve("models/" + m + ".onnx"));
        }
        LabeledImages test = FashionMnist.bundledTest(home);
        int[] chosen;
        try (Model bundled = OnnxModel.load(home.resolve("models/fashion-cnn.onnx"), "fashion-cnn", 2)) {
            chosen = firstCorrect(bundled, test, samples);
        }
        System.out.printf(Locale.ROOT, "Square's initialisation at L-inf %.3g: share of %d random draws misclassified, on the first %d test images"
                + " the bundled CNN classifies right (test indices %s)%n", eps, draws, samples, Arrays.toString(chosen));
        for (Path file : models) {
            try (Model model = OnnxModel.load(file, file.getFileName().toString().replace(".onnx", ""), 2)) {
                double[] rates = new double[chosen.length];
                for (int s = 0; s < chosen.length; s++) {
                    int index = chosen[s];
                    SplittableRandom random = new SplittableRandom(index);
                    List<double[]> batch = new ArrayList<>(draws);
                    for (int d = 0; d < draws; d++) batch.add(ColumnStripes.of(test.image(index), CHW, eps, random));
                    rates[s] = 1 - accuracy(model, batch, test.label(index));
                }
                report(model.metadata().name(), rates);
            }
        }
        for (String spec : smoothed) smoothedFlips(spec, home, test, chosen, eps, draws);
    }

    /** The same draws through a guard whose only stage is {@code smooth}: flipped = answered with a wrong class. */
    private static void smoothedFlips(String spec, Path home, LabeledImages test, int[] chosen, double eps, int draws) {
        String[] p = spec.split(":");
        String sigma = p[1];
        String n = p.length > 2 ? p[2] : "32";
        String action = p.length > 3 ? p[3] : "reject";
        Path onnx = p.length > 4 ? Path.of(p[4]).toAbsolutePath() : home.resolve("models/fashion-cnn.onnx");
        try {
            Path dir = java.nio.file.Files.createTempDirectory("warden-square-init");
            Path policy = dir.resolve("smooth.yaml");
            String name = onnx.getFileName().toString().replace(".onnx", "");
            java.nio.file.Files.writeString(policy, "version: 1\nmodels:\n  - {name: " + name + ", backend: onnx, path: " + onnx
                    + "}\ndefenses:\n  - {type: smooth, n: " + n + ", sigma: " + sigma + ", alpha: 0.001, action: " + action + "}\n");
            try (PolicyBench bench = new PolicyBench(policy, null, java.time.Clock.systemUTC())) {
                double[] rates = new double[chosen.length];
                int abstained = 0;
                dev.warden.guard.Account account = new dev.warden.guard.Account("square-init", "scores", false);
                String scores = bench.model().metadata().scoresOutputOrFirst();
                for (int s = 0; s < chosen.length; s++) {
                    int index = chosen[s];
                    SplittableRandom random = new SplittableRandom(index);
                    int flipped = 0;
                    for (int d = 0; d < draws; d++) {
                        double[] x = ColumnStripes.of(test.image(index), CHW, eps, random);
                        var out = bench.guard().handle(dev.warden.guard.Query.of(bench.model().metadata().name(), account,
                                java.util.Map.of("input", dev.warden.tensor.Tensor.fp32("input", new long[]{1, 1, 28, 28}, x)), java.time.Instant.now()));
                        if (!out.decision().answered()) {
                            abstained++;
                            continue;
                        }
                        double[] v = out.outputs().get(scores).values();
                        if (Softmax.argmax(v, 0, v.length) != test.label(index)) flipped++;
                    }
                    rates[s] = (double) flipped / draws;
                }
                report(String.format(Locale.ROOT, "%s smooth sigma %s n %s %s (abstained %.1f%%)", name, sigma, n, action,
                        100.0 * abstained / (chosen.length * draws)), rates);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void report(String model, double[] rates) {
        StringBuilder per = new StringBuilder();
        int never = 0;
        double sum = 0;
        for (double r : rates) {
            per.append(String.format(Locale.ROOT, " %.0f%%", 100 * r));
            if (r == 0) never++;
            sum += r;
        }
        System.out.printf(Locale.ROOT, "%-18s images never flipped %d/%d, expected successes at query 1 %.1f of %d; per image:%s%n",
                model, never, rates.length, sum, rates.length, per);
    }

    private static int[] firstCorrect(Model model, LabeledImages test, int samples) {
        List<double[]> images = new ArrayList<>();
        for (int i = 0; i < test.count(); i++) images.add(test.image(i));
        double[][] scores = BatchInference.run(model, images).get(model.metadata().scoresOutputOrFirst());
        int[] out = new int[samples];
        int n = 0;
        for (int i = 0; i < test.count() && n < samples; i++) if (Softmax.argmax(scores[i], 0, scores[i].length) == test.label(i)) out[n++] = i;
        if (n < samples) throw new IllegalArgumentException("only " + n + " test images are classified right");
        return out;
    }

    private static double accuracy(Model model, List<double[]> images, int label) {
        double[][] scores = BatchInference.run(model, images).get(model.metadata().scoresOutputOrFirst());
        int right = 0;
        for (double[] s : scores) if (Softmax.argmax(s, 0, s.length) == label) right++;
        return (double) right / images.size();
    }
}
