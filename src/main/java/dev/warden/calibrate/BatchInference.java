package dev.warden.calibrate;

import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipCodec;
import dev.warden.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a model over many samples in batches and returns each output as one row per sample (calibration and
 * evaluation). Batches respect {@link BatchLimits}: at most {@code maxBatch} samples, and, for a remote
 * backend, a JSON request body of at most {@code maxBodyBytes} (a batch over it is halved until it fits).
 */
public final class BatchInference {
    public static final int BATCH = BatchLimits.DEFAULT_BATCH;

    private BatchInference() {
    }

    public static Map<String, double[][]> run(Model model, List<double[]> images) {
        return run(model, images, BatchLimits.IN_PROCESS);
    }

    public static Map<String, double[][]> run(Model model, List<double[]> images, BatchLimits limits) {
        ModelMetadata meta = model.metadata();
        TensorSpec input = meta.inputs().get(0);
        Map<String, double[][]> rows = new HashMap<>();
        for (int from = 0; from < images.size(); from += limits.maxBatch()) {
            int to = Math.min(images.size(), from + limits.maxBatch());
            runFitting(model, input, images, from, to, limits.maxBodyBytes(), rows);
        }
        return rows;
    }

    private static void runFitting(Model model, TensorSpec input, List<double[]> images, int from, int to, long maxBody,
                                   Map<String, double[][]> rows) {
        Tensor batch = batch(input, images.subList(from, to));
        if (maxBody > 0) {
            long body = OipCodec.writeRequest(new InferRequest(null, null, List.of(batch), null)).length;
            if (body > maxBody) {
                if (to - from == 1) {
                    throw new IllegalArgumentException("one sample makes a request body of " + body + " bytes, over the limit of "
                            + maxBody + " bytes (--max-body)");
                }
                int mid = (from + to) >>> 1;
                runFitting(model, input, images, from, mid, maxBody, rows);
                runFitting(model, input, images, mid, to, maxBody, rows);
                return;
            }
        }
        Map<String, Tensor> out = model.infer(Map.of(input.name(), batch));
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

    /** Stacks samples of the model's per-sample shape into one batch tensor for {@code input}. */
    public static Tensor batch(TensorSpec input, List<double[]> images) {
        long[] shape = input.shape();
        int size = 1;
        for (int d = 1; d < shape.length; d++) {
            if (shape[d] < 0) throw new IllegalArgumentException("input " + input.name() + " has a free dimension besides the batch");
            size = Math.multiplyExact(size, (int) shape[d]);
        }
        double[] flat = new double[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            double[] image = images.get(i);
            if (image.length != size) {
                throw new IllegalArgumentException("a sample has " + image.length + " values but input " + input + " takes " + size);
            }
            System.arraycopy(image, 0, flat, i * size, size);
        }
        shape[0] = images.size();
        return Tensor.numeric(input.name(), input.datatype(), shape, flat);
    }
}
