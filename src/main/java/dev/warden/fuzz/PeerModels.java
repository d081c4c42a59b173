package dev.warden.fuzz;

import dev.warden.model.Model;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policy's other models with the same input (DeepXplore's differential testing needs at least two
 * models for one task): each input's class by each of them.
 */
final class PeerModels implements AutoCloseable {
    private final List<Model> models;
    private final long[] imageShape;

    PeerModels(List<Model> models, long[] imageShape) {
        this.models = List.copyOf(models);
        this.imageShape = imageShape.clone();
    }

    List<String> names() {
        return models.stream().map(m -> m.metadata().name()).toList();
    }

    boolean isEmpty() {
        return models.isEmpty();
    }

    /** [model][image]: the predicted class of each image by each peer model. */
    int[][] classify(List<double[]> images) {
        int n = images.size(), px = images.get(0).length;
        double[] flat = new double[n * px];
        for (int i = 0; i < n; i++) System.arraycopy(images.get(i), 0, flat, i * px, px);
        long[] shape = new long[imageShape.length + 1];
        shape[0] = n;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        int[][] out = new int[models.size()][];
        for (int m = 0; m < models.size(); m++) {
            Model model = models.get(m);
            String input = model.metadata().inputs().get(0).name();
            Map<String, Tensor> result = model.infer(Map.of(input, Tensor.fp32(input, shape, flat)));
            double[] s = result.get(model.metadata().scoresOutputOrFirst()).values();
            int classes = s.length / n;
            out[m] = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) if (s[i * classes + c] > s[i * classes + best]) best = c;
                out[m][i] = best;
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (Model m : new ArrayList<>(models)) m.close();
    }
}
