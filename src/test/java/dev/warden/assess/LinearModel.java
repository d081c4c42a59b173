package dev.warden.assess;

import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** A fixed linear softmax classifier on 1x8x8 images with 3 classes: a tiny model that attacks can beat fast. */
final class LinearModel implements Model {
    static final int SIDE = 8;
    static final int PIXELS = SIDE * SIDE;
    static final int CLASSES = 3;
    private final double[][] weights = new double[CLASSES][PIXELS];
    private int calls;
    private int images;

    LinearModel() {
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < PIXELS; i++) weights[c][i] = Math.cos(0.37 * (c + 1) * i + c) / 4;
        }
    }

    @Override
    public ModelMetadata metadata() {
        return new ModelMetadata("linear", "1", "test",
                List.of(new TensorSpec("input", DataType.FP32, new long[]{-1, 1, SIDE, SIDE})),
                List.of(new TensorSpec("logits", DataType.FP32, new long[]{-1, CLASSES})),
                List.of("a", "b", "c"), null, "NCHW", "logits", null, null, null);
    }

    @Override
    public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
        double[] x = inputs.get("input").values();
        int n = x.length / PIXELS;
        calls++;
        images += n;
        double[] logits = new double[n * CLASSES];
        for (int k = 0; k < n; k++) {
            for (int c = 0; c < CLASSES; c++) {
                double s = 0;
                for (int i = 0; i < PIXELS; i++) s += weights[c][i] * (float) x[k * PIXELS + i];
                logits[k * CLASSES + c] = (float) s;
            }
        }
        return Map.of("logits", Tensor.fp32("logits", new long[]{n, CLASSES}, logits));
    }

    int predict(double[] image) {
        double[] l = infer(Map.of("input", Tensor.fp32("input", new long[]{1, 1, SIDE, SIDE}, image))).get("logits").values();
        calls--;
        images--;
        int best = 0;
        for (int c = 1; c < CLASSES; c++) if (l[c] > l[best]) best = c;
        return best;
    }

    int calls() {
        return calls;
    }

    int images() {
        return images;
    }

    /** Images the model classifies as their label: smooth random patterns, labelled by the model itself. */
    static List<Sample> samples(int count, long seed) {
        LinearModel m = new LinearModel();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<Sample> out = new java.util.ArrayList<>();
        for (int k = 0; k < count; k++) {
            double[] img = new double[PIXELS];
            double a = r.nextDouble(), b = r.nextDouble() * 3, c = r.nextDouble() * 3;
            for (int i = 0; i < PIXELS; i++) img[i] = Math.min(1, Math.max(0, 0.5 + 0.4 * Math.sin(a * 10 + b * (i % SIDE) + c * (i / SIDE))));
            out.add(new Sample(k, img, m.predict(img)));
        }
        return out;
    }
}
