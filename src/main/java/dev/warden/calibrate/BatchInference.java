package dev.warden.calibrate;

import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a model over many images in batches and returns each output as one row per image (calibration and evaluation). */
public final class BatchInference {
    public static final int BATCH = 256;

    private BatchInference() {
    }

    public static Map<String, double[][]> run(Model model, List<double[]> images) {
        ModelMetadata meta = model.metadata();
        TensorSpec input = meta.inputs().get(0);
        Map<String, double[][]> rows = new HashMap<>();
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            Map<String, Tensor> out = model.infer(Map.of(input.name(), batch(input, images.subList(from, to))));
            for (Tensor t : out.values()) {
                if (!t.isNumeric()) continue;
                double[][] dest = rows.computeIfAbsent(t.name(), k -> new double[images.size()][]);
                int width = t.size() / (to - from);
                for (int i = 0; i < to - from; i++) {
                    double[] row = new double[width];
                    System.arraycopy(t.values(), i * width, row, 0, width);
                    dest[from + i] = row;
                }
            }
        }
        return rows;
    }

    /** Stacks images of the model's per-image shape into one batch tensor for {@code input}. */
    public static Tensor batch(TensorSpec input, List<double[]> images) {
        long[] shape = input.shape();
        int size = images.get(0).length;
        double[] flat = new double[images.size() * size];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, flat, i * size, size);
        shape[0] = images.size();
        for (int d = 1; d < shape.length; d++) {
            if (shape[d] < 0) throw new IllegalArgumentException("input " + input.name() + " has a free dimension besides the batch");
        }
        return Tensor.numeric(input.name(), input.datatype(), shape, flat);
    }
}
