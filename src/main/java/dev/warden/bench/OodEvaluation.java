package dev.warden.bench;

import dev.warden.calibrate.BatchInference;
import dev.warden.data.InputConversion;
import dev.warden.data.InputLayout;
import dev.warden.data.Samples;
import dev.warden.data.synth.OodSets;
import dev.warden.data.synth.SpaceOodSets;
import dev.warden.defense.ood.OodDefense;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OOD rejection measured on generated OOD sets against the held-out test images: AUROC of each detector's
 * score, the share of each OOD set over the calibrated threshold, and the share of test images over it
 * (false rejections).
 */
public final class OodEvaluation {
    public record Row(String set, int images, List<Double> auroc, List<Double> rejected) {
    }

    public record Result(List<String> detectors, List<Double> thresholds, int testImages, List<Double> falseRejections,
                         List<Row> rows) {
        public String markdown(String command) {
            StringBuilder b = new StringBuilder();
            b.append("| OOD set | images |");
            for (String d : detectors) b.append(" AUROC ").append(d).append(" | rejected ").append(d).append(" |");
            b.append("\n|---|---:|");
            b.append("---:|---:|".repeat(detectors.size()));
            b.append('\n');
            for (Row r : rows) {
                b.append("| ").append(r.set()).append(" | ").append(r.images()).append(" |");
                for (int i = 0; i < detectors.size(); i++) {
                    b.append(String.format(Locale.ROOT, " %.4f | %.1f%% |", r.auroc().get(i), 100 * r.rejected().get(i)));
                }
                b.append('\n');
            }
            b.append("| **test images (benign): false rejections** | ").append(testImages).append(" |");
            for (int i = 0; i < detectors.size(); i++) {
                b.append(String.format(Locale.ROOT, " | %.2f%% |", 100 * falseRejections.get(i)));
            }
            b.append("\n\nThresholds (calibrated at the policy's targetFpr on held-out calibration images): ");
            for (int i = 0; i < detectors.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(detectors.get(i)).append(String.format(Locale.ROOT, " %.4g", thresholds.get(i)));
            }
            b.append(". Command: `").append(command).append("`\n");
            return b.toString();
        }
    }

    private OodEvaluation() {
    }

    public static Result run(PolicyBench bench, Samples test, int perSet, long seed) {
        return run(bench, test, null, List.of(), perSet, seed);
    }

    /** Samples given by the user as out-of-distribution (--ood-data), converted for the model: one row each. */
    public record OodData(String name, Samples samples) {
    }

    /**
     * The generated sets in the model's own sample space ({@code space}: how samples become its input; null for the
     * 28x28 grey sets of {@link OodSets}, the only space those fit), then each of {@code extra}.
     */
    public static Result run(PolicyBench bench, Samples test, InputConversion space, List<OodData> extra, int perSet, long seed) {
        List<OodDefense> detectors = bench.defenses(OodDefense.class);
        if (detectors.isEmpty()) throw new IllegalArgumentException(bench.policy().source() + " has no ood defense");
        int size = test.image(0).length;
        boolean fashionSpace = size == OodSets.SIZE * OodSets.SIZE && (space == null || space.channels() == 1 && space.min() == 0 && space.max() == 1);
        if (!fashionSpace && space == null) {
            throw new IllegalArgumentException("the generated OOD sets are " + OodSets.SIZE + "x" + OodSets.SIZE + " grey images, but model "
                    + bench.model().metadata().name() + " takes " + size + " values per sample");
        }
        SpaceOodSets sets = fashionSpace ? null : space.layout() == InputLayout.FEATURES
                ? SpaceOodSets.forFeatures(space, ranges(bench, space, true), ranges(bench, space, false), test)
                : SpaceOodSets.forImages(space);
        List<double[]> testImages = new ArrayList<>();
        for (int i = 0; i < test.count(); i++) testImages.add(test.image(i));
        double[][] testScores = scores(bench, detectors, testImages);
        List<Row> rows = new ArrayList<>();
        for (String set : sets == null ? OodSets.NAMES : sets.names()) {
            List<double[]> generated = sets == null ? OodSets.generate(set, perSet, seed, test) : sets.generate(set, perSet, seed, test);
            rows.add(row(set, bench, detectors, testScores, generated));
        }
        for (OodData d : extra) {
            List<double[]> images = new ArrayList<>();
            for (int i = 0; i < d.samples().count(); i++) images.add(d.samples().image(i));
            rows.add(row(d.name(), bench, detectors, testScores, images));
        }
        List<Double> fr = new ArrayList<>();
        for (int d = 0; d < detectors.size(); d++) fr.add(dev.warden.calibrate.Thresholds.rateAbove(testScores[d], detectors.get(d).threshold()));
        return new Result(detectors.stream().map(OodDefense::method).toList(),
                detectors.stream().map(OodDefense::threshold).toList(), test.count(), fr, rows);
    }

    private static Row row(String set, PolicyBench bench, List<OodDefense> detectors, double[][] testScores, List<double[]> images) {
        double[][] s = scores(bench, detectors, images);
        List<Double> auroc = new ArrayList<>();
        List<Double> rejected = new ArrayList<>();
        for (int d = 0; d < detectors.size(); d++) {
            auroc.add(Roc.auroc(testScores[d], s[d]));
            rejected.add(dev.warden.calibrate.Thresholds.rateAbove(s[d], detectors.get(d).threshold()));
        }
        return new Row(set, images.size(), auroc, rejected);
    }

    /** The model's declared range per feature (min or max), or null when it declares none per feature. */
    private static double[] ranges(PolicyBench bench, InputConversion space, boolean min) {
        var domain = bench.model().metadata().domain(space.input());
        if (domain == null || domain.ranges().size() != space.elements()) return null;
        return domain.ranges().stream().mapToDouble(r -> min ? r.min() : r.max()).toArray();
    }

    private static double[][] scores(PolicyBench bench, List<OodDefense> detectors, List<double[]> images) {
        Map<String, double[][]> out = new LinkedHashMap<>(BatchInference.run(bench.model(), images));
        double[][] scores = new double[detectors.size()][images.size()];
        for (int d = 0; d < detectors.size(); d++) {
            double[][] f = out.get(detectors.get(d).featuresOutput());
            for (int i = 0; i < images.size(); i++) scores[d][i] = detectors.get(d).score(images.get(i), f[i]);
        }
        return scores;
    }
}
