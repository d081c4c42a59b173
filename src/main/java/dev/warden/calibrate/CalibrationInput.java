package dev.warden.calibrate;

import dev.warden.data.LabeledImages;
import dev.warden.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a calibrated defense is fitted on: the guarded model, every model of the policy by name, the benign
 * images, and a seed. The guarded model's outputs on the benign images are computed once and shared.
 */
public final class CalibrationInput {
    private final Model model;
    private final Map<String, Model> models;
    private final LabeledImages data;
    private final long seed;
    private List<double[]> images;
    private Map<String, double[][]> outputs;

    public CalibrationInput(Model model, Map<String, Model> models, LabeledImages data, long seed) {
        this.model = model;
        this.models = Map.copyOf(models);
        this.data = data;
        this.seed = seed;
    }

    public Model model() {
        return model;
    }

    public Map<String, Model> models() {
        return models;
    }

    public LabeledImages data() {
        return data;
    }

    public long seed() {
        return seed;
    }

    /** A random stream of its own for each named use, so that one defense's draws do not shift another's. */
    public SplittableRandom random(String use) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + use.hashCode());
    }

    public synchronized List<double[]> images() {
        if (images == null) {
            images = new ArrayList<>(data.count());
            for (int i = 0; i < data.count(); i++) images.add(data.image(i));
        }
        return images;
    }

    /** The guarded model's outputs on every benign image, one row per image, by output name. */
    public synchronized Map<String, double[][]> outputs() {
        if (outputs == null) outputs = BatchInference.run(model, images());
        return outputs;
    }

    public double[][] output(String name) {
        double[][] rows = outputs().get(name);
        if (rows == null) throw new IllegalArgumentException("model " + model.metadata().name() + " has no output '" + name + "'");
        return rows;
    }

    /** A seeded split of the image indices: the first {@code share} to fit on, the rest to set thresholds on. */
    public int[][] split(String use, double share) {
        int n = data.count();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = random(use);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int cut = (int) Math.round(n * share);
        return new int[][]{java.util.Arrays.copyOfRange(order, 0, cut), java.util.Arrays.copyOfRange(order, cut, n)};
    }
}
