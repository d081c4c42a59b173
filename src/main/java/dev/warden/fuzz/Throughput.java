package dev.warden.fuzz;

import dev.warden.model.OnnxModel;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inputs per second of the local model alone (the served graph) and with activation capture (the rewritten
 * graph plus the neuron reduction), in batches of the campaign's size, on the seed inputs; each after one
 * unmeasured round, so that neither pays for the JIT's warm-up.
 */
final class Throughput {
    private static final int ROUNDS = 20;

    private Throughput() {
    }

    static Map<String, Double> measure(Path modelFile, ActivationModel tapped, List<double[]> inputs) {
        int batch = Campaign.BATCH;
        long[] shape = new long[tapped.imageShape().length + 1];
        shape[0] = batch;
        System.arraycopy(tapped.imageShape(), 0, shape, 1, shape.length - 1);
        String input = tapped.metadata().inputs().get(0).name();
        int px = tapped.pixels(), batches = Math.max(1, inputs.size() / batch);
        double plainSeconds, tappedSeconds;
        try (OnnxModel plain = OnnxModel.load(modelFile)) {
            long t0 = 0;
            for (int r = -1; r < ROUNDS; r++) {
                if (r == 0) t0 = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    double[] flat = new double[batch * px];
                    for (int i = 0; i < batch; i++) System.arraycopy(inputs.get((b * batch + i) % inputs.size()), 0, flat, i * px, px);
                    plain.infer(Map.of(input, Tensor.fp32(input, shape, flat)));
                }
            }
            plainSeconds = (System.nanoTime() - t0) / 1e9;
        }
        long t0 = 0;
        for (int r = -1; r < ROUNDS; r++) {
            if (r == 0) t0 = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                List<double[]> rows = new java.util.ArrayList<>(batch);
                for (int i = 0; i < batch; i++) rows.add(inputs.get((b * batch + i) % inputs.size()));
                tapped.run(rows);
            }
        }
        tappedSeconds = (System.nanoTime() - t0) / 1e9;
        double n = (double) ROUNDS * batches * batch;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("model_inputs_per_s", n / plainSeconds);
        m.put("capture_inputs_per_s", n / tappedSeconds);
        return m;
    }
}
