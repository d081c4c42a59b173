package dev.warden.update;

import dev.warden.data.Samples;
import dev.warden.model.Model;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline half of the compatibility report: both versions on the same labelled samples. Backward
 * compatibility after Bansal et al. 2019 ("Updates in Human-AI Teams: Understanding and Addressing the
 * Performance/Compatibility Tradeoff", AAAI) and Yan et al. 2021 ("Positive-Congruent Training: Towards
 * Regression-Free Model Updates", CVPR): negative flip
 * rate NFR = |old right and new wrong| / n; backward trust compatibility BTC = |both right| / |old right|;
 * backward error compatibility BEC = |both wrong| / |new wrong|. Score meaning: reliability bins of the top score
 * and the expected calibration error ECE = sum over bins |bin| / n * |accuracy - mean confidence| (Guo et al.
 * 2017), and the agreement of threshold decisions on the top score before and after {@link ScoreMapping}.
 * Cost: single-sample inference latency of both, interleaved in one run.
 */
final class OfflineComparison {
    static final double[] THRESHOLDS = {0.5, 0.9, 0.99};
    static final int RELIABILITY_BINS = 10;
    static final int LATENCY_SAMPLES = 500;
    static final int WARMUP = 50;
    static final int LATENCY_ROUNDS = 3;

    private OfflineComparison() {
    }

    static Map<String, Object> compare(VersionOutputs old, VersionOutputs fresh, Samples data, ScoreMapping mapping) {
        int n = old.count();
        int classes = old.classes();
        int oldRight = 0, newRight = 0, bothRight = 0, bothWrong = 0, newWrong = 0, negative = 0, positive = 0, agree = 0;
        long[][] flips = new long[classes][classes];
        long[] negativeByClass = new long[classes];
        for (int i = 0; i < n; i++) {
            int y = data.label(i);
            boolean o = old.predicted()[i] == y;
            boolean f = fresh.predicted()[i] == y;
            if (o) oldRight++;
            if (f) newRight++;
            if (o && f) bothRight++;
            if (!f) newWrong++;
            if (!o && !f) bothWrong++;
            if (o && !f) {
                negative++;
                negativeByClass[y]++;
            }
            if (!o && f) positive++;
            if (old.predicted()[i] == fresh.predicted()[i]) agree++;
            else flips[old.predicted()[i]][fresh.predicted()[i]]++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", n);
        out.put("data", data.source());
        out.put("accuracy_old", (double) oldRight / n);
        out.put("accuracy_new", (double) newRight / n);
        out.put("negative_flip_rate", (double) negative / n);
        out.put("positive_flip_rate", (double) positive / n);
        out.put("negative_flips", negative);
        out.put("btc", oldRight == 0 ? 1.0 : (double) bothRight / oldRight);
        out.put("bec", newWrong == 0 ? 1.0 : (double) bothWrong / newWrong);
        out.put("label_agreement", (double) agree / n);
        out.put("flip_matrix", Arrays.stream(flips).map(long[]::clone).toList());
        out.put("negative_flips_by_class", negativeByClass);
        Map<String, Object> reliability = new LinkedHashMap<>();
        reliability.put("old", reliability(old, data));
        reliability.put("new", reliability(fresh, data));
        out.put("reliability", reliability);
        out.put("ece_old", ((Number) ((Map<?, ?>) reliability.get("old")).get("ece")).doubleValue());
        out.put("ece_new", ((Number) ((Map<?, ?>) reliability.get("new")).get("ece")).doubleValue());
        out.put("threshold_agreement", thresholds(old, fresh, mapping));
        return out;
    }

    private static Map<String, Object> reliability(VersionOutputs v, Samples data) {
        long[] count = new long[RELIABILITY_BINS];
        double[] confidence = new double[RELIABILITY_BINS];
        long[] right = new long[RELIABILITY_BINS];
        for (int i = 0; i < v.count(); i++) {
            double top = v.top(i);
            int bin = Math.min(RELIABILITY_BINS - 1, (int) (top * RELIABILITY_BINS));
            count[bin]++;
            confidence[bin] += top;
            if (v.predicted()[i] == data.label(i)) right[bin]++;
        }
        List<Map<String, Object>> bins = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < RELIABILITY_BINS; b++) {
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("from", (double) b / RELIABILITY_BINS);
            bin.put("to", (double) (b + 1) / RELIABILITY_BINS);
            bin.put("count", count[b]);
            if (count[b] > 0) {
                double conf = confidence[b] / count[b];
                double acc = (double) right[b] / count[b];
                bin.put("confidence", conf);
                bin.put("accuracy", acc);
                ece += (double) count[b] / v.count() * Math.abs(acc - conf);
            }
            bins.add(bin);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ece", ece);
        out.put("bins", bins);
        return out;
    }

    /** Share of samples on which "top score >= t" is decided the same by both versions, raw and with the mapping. */
    private static List<Map<String, Object>> thresholds(VersionOutputs old, VersionOutputs fresh, ScoreMapping mapping) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (double t : THRESHOLDS) {
            int before = 0, after = 0;
            long oldAbove = 0, newAbove = 0, mappedAbove = 0;
            for (int i = 0; i < old.count(); i++) {
                boolean o = old.top(i) >= t;
                boolean f = fresh.top(i) >= t;
                boolean m = mapping.map(fresh.predicted()[i], fresh.top(i)) >= t;
                if (o == f) before++;
                if (o == m) after++;
                if (o) oldAbove++;
                if (f) newAbove++;
                if (m) mappedAbove++;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("threshold", t);
            row.put("agreement_before", (double) before / old.count());
            row.put("agreement_after", (double) after / old.count());
            row.put("selected_old", (double) oldAbove / old.count());
            row.put("selected_new", (double) newAbove / old.count());
            row.put("selected_new_mapped", (double) mappedAbove / old.count());
            out.add(row);
        }
        return out;
    }

    /**
     * p50 and p99 of one-sample inference of each version, in milliseconds, alternating between them after a warm-up,
     * in {@link #LATENCY_ROUNDS} rounds: the figures are those of the round with the median p99 ratio. One round's p99
     * of a few hundred samples is the fifth-worst call, which a few preemptions on a busy machine decide; a model
     * that is really slower is slower in every round, a preemption lands in one.
     */
    static Map<String, Object> latency(Model old, Model fresh, List<double[]> images) {
        TensorSpec input = old.metadata().inputs().get(0);
        for (int i = 0; i < Math.min(WARMUP, images.size()); i++) {
            Map<String, Tensor> in = Map.of(input.name(), dev.warden.calibrate.BatchInference.batch(input, List.of(images.get(i))));
            old.infer(in);
            fresh.infer(in);
        }
        List<Map<String, Object>> rounds = new java.util.ArrayList<>();
        for (int r = 0; r < LATENCY_ROUNDS; r++) rounds.add(latencyRound(old, fresh, images, input));
        List<Double> ratios = rounds.stream().map(m -> (Double) m.get("p99_ratio")).toList();
        Map<String, Object> out = new LinkedHashMap<>(rounds.stream()
                .sorted(java.util.Comparator.comparingDouble(m -> (Double) m.get("p99_ratio")))
                .toList().get(LATENCY_ROUNDS / 2));
        out.put("rounds", LATENCY_ROUNDS);
        out.put("p99_ratios", ratios);
        return out;
    }

    private static Map<String, Object> latencyRound(Model old, Model fresh, List<double[]> images, TensorSpec input) {
        int n = Math.min(LATENCY_SAMPLES, images.size());
        long[] a = new long[n];
        long[] b = new long[n];
        for (int i = 0; i < n; i++) {
            Tensor one = dev.warden.calibrate.BatchInference.batch(input, List.of(images.get(i)));
            Map<String, Tensor> in = Map.of(input.name(), one);
            if ((i & 1) == 0) {
                a[i] = time(old, in);
                b[i] = time(fresh, in);
            } else {
                b[i] = time(fresh, in);
                a[i] = time(old, in);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", n);
        out.put("p50_ms_old", percentile(a, 0.50));
        out.put("p99_ms_old", percentile(a, 0.99));
        out.put("p50_ms_new", percentile(b, 0.50));
        out.put("p99_ms_new", percentile(b, 0.99));
        out.put("p50_ratio", percentile(b, 0.50) / Math.max(1e-9, percentile(a, 0.50)));
        out.put("p99_ratio", percentile(b, 0.99) / Math.max(1e-9, percentile(a, 0.99)));
        return out;
    }

    private static long time(Model model, Map<String, Tensor> in) {
        long start = System.nanoTime();
        model.infer(in);
        return System.nanoTime() - start;
    }

    static double percentile(long[] nanos, double q) {
        if (nanos.length == 0) return 0;
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1e6;
    }
}
