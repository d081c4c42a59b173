package dev.warden.guard;

import dev.warden.model.ModelMetadata;
import dev.warden.model.ScoresKind;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an answered query reveals to a tier (paper, section 3.1: score-based attacks need the scores; give each
 * client the least that serves it). The guard applies it to every answer, whatever stages the policy has: all
 * outputs rounded to {@code digits}; the top-k labels with rounded probabilities; the top-1 label only; or
 * nothing. The features output is never revealed unless the tier says so. Outputs: {@code label} (BYTES),
 * {@code class} (INT64) and, for top-k, {@code probability} (FP32); [N] for label, [N, k] for top-k.
 */
final class TierView {
    private TierView() {
    }

    static Map<String, Tensor> shape(Tier tier, ModelMetadata model, Map<String, Tensor> outputs) {
        return switch (tier.reveal()) {
            case SCORES -> scores(outputs, model, tier);
            case TOPK -> topK(outputs, model, tier, Math.min(tier.k(), classes(outputs, model)));
            case LABEL -> label(outputs, model);
            case NONE -> Map.of();
        };
    }

    /**
     * The outputs {@code tier} receives from {@code model}, as model metadata lists them ({@code -1}: the batch).
     * Top-k's k is the tier's, capped at the class count where the scores output declares it.
     */
    static List<TensorSpec> outputs(Tier tier, ModelMetadata model) {
        return switch (tier.reveal()) {
            case SCORES -> model.outputs().stream()
                    .filter(o -> tier.features() || !o.name().equals(model.featuresOutput())).toList();
            case TOPK -> {
                long[] shape = {-1, Math.min(tier.k(), declaredClasses(model))};
                yield List.of(new TensorSpec("label", DataType.BYTES, shape), new TensorSpec("class", DataType.INT64, shape),
                        new TensorSpec("probability", DataType.FP32, shape));
            }
            case LABEL -> List.of(new TensorSpec("label", DataType.BYTES, new long[]{-1}),
                    new TensorSpec("class", DataType.INT64, new long[]{-1}));
            case NONE -> List.of();
        };
    }

    private static long declaredClasses(ModelMetadata model) {
        return model.output(model.scoresOutputOrFirst())
                .map(o -> o.shape().length == 0 || o.shape()[o.shape().length - 1] < 1 ? Long.MAX_VALUE : o.shape()[o.shape().length - 1])
                .orElse(Long.MAX_VALUE);
    }

    /** The decision as a tier with {@code decisionDetails} sees it: the action and every signal. */
    static Map<String, Object> details(Decision decision) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("action", decision.action().name().toLowerCase(Locale.ROOT));
        List<String> signals = new ArrayList<>();
        for (Signal s : decision.signals()) {
            signals.add(s.defense() + ":" + s.verdict().name().toLowerCase(Locale.ROOT) + (s.reason() == null ? "" : ":" + s.reason()));
        }
        d.put("signals", String.join(",", signals));
        return d;
    }

    private static Map<String, Tensor> scores(Map<String, Tensor> outputs, ModelMetadata model, Tier tier) {
        Map<String, Tensor> shown = new LinkedHashMap<>();
        for (Tensor t : outputs.values()) {
            if (t.name().equals(model.featuresOutput()) && !tier.features()) continue;
            shown.put(t.name(), tier.digits() == null || !t.datatype().isFloating() ? t : rounded(t, tier.digits()));
        }
        return shown;
    }

    private static Map<String, Tensor> topK(Map<String, Tensor> outputs, ModelMetadata model, Tier tier, int k) {
        Tensor scores = scoresOf(outputs, model);
        int classes = classes(outputs, model);
        int n = scores.size() / classes;
        double[] probs = model.scoresKind() == ScoresKind.LOGITS ? Softmax.rows(scores.values(), classes) : scores.values();
        String[] labels = new String[n * k];
        double[] classIds = new double[n * k];
        double[] p = new double[n * k];
        int digits = tier.digits() == null ? 6 : tier.digits();
        for (int row = 0; row < n; row++) {
            int[] order = topIndices(probs, row * classes, classes, k);
            for (int j = 0; j < k; j++) {
                labels[row * k + j] = model.labelOf(order[j]);
                classIds[row * k + j] = order[j];
                p[row * k + j] = round(probs[row * classes + order[j]], digits);
            }
        }
        long[] shape = {n, k};
        Map<String, Tensor> shown = new LinkedHashMap<>();
        shown.put("label", Tensor.bytes("label", shape, labels));
        shown.put("class", Tensor.numeric("class", DataType.INT64, shape, classIds));
        shown.put("probability", Tensor.fp32("probability", shape, p));
        return shown;
    }

    private static Map<String, Tensor> label(Map<String, Tensor> outputs, ModelMetadata model) {
        Tensor scores = scoresOf(outputs, model);
        int classes = classes(outputs, model);
        int n = scores.size() / classes;
        String[] labels = new String[n];
        double[] classIds = new double[n];
        for (int row = 0; row < n; row++) {
            int c = Softmax.argmax(scores.values(), row, classes);
            labels[row] = model.labelOf(c);
            classIds[row] = c;
        }
        Map<String, Tensor> shown = new LinkedHashMap<>();
        shown.put("label", Tensor.bytes("label", new long[]{n}, labels));
        shown.put("class", Tensor.numeric("class", DataType.INT64, new long[]{n}, classIds));
        return shown;
    }

    private static Tensor scoresOf(Map<String, Tensor> outputs, ModelMetadata model) {
        Tensor t = outputs.get(model.scoresOutputOrFirst());
        if (t == null || !t.isNumeric()) throw new IllegalStateException("model " + model.name() + " returned no numeric scores output");
        return t;
    }

    private static int classes(Map<String, Tensor> outputs, ModelMetadata model) {
        long[] shape = scoresOf(outputs, model).shape();
        return (int) shape[shape.length - 1];
    }

    /** Indices of the k largest values of one row, largest first (k is small: selection beats sorting). */
    private static int[] topIndices(double[] values, int start, int count, int k) {
        int[] best = new int[k];
        boolean[] taken = new boolean[count];
        for (int j = 0; j < k; j++) {
            int arg = -1;
            for (int c = 0; c < count; c++) {
                if (!taken[c] && (arg < 0 || values[start + c] > values[start + arg])) arg = c;
            }
            taken[arg] = true;
            best[j] = arg;
        }
        return best;
    }

    private static Tensor rounded(Tensor t, int digits) {
        double[] v = t.values();
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = round(v[i], digits);
        return Tensor.numeric(t.name(), t.datatype(), t.shape(), r);
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
