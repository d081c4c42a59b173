package dev.warden.calibrate;

import dev.warden.data.Samples;
import dev.warden.tensor.Softmax;
import dev.warden.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a calibrated defense is fitted on: the guarded model, every model of the policy by name, the benign
 * samples (converted to the model's input), and a seed. The guarded model's outputs on the benign samples are
 * computed once and shared. Unlabelled samples are labelled with the model's own predictions (the arg-max of
 * its scores output), so that class-conditional fits still have classes; {@link #labelsPredicted} says so.
 */
public final class CalibrationInput {
    private final Model model;
    private final Map<String, Model> models;
    private final Samples data;
    private final long seed;
    private final BatchLimits limits;
    private List<double[]> images;
    private Map<String, double[][]> outputs;

    public CalibrationInput(Model model, Map<String, Model> models, Samples data, long seed) {
        this(model, models, data, seed, BatchLimits.IN_PROCESS);
    }

    public CalibrationInput(Model model, Map<String, Model> models, Samples data, long seed, BatchLimits limits) {
        this.model = model;
        this.models = Map.copyOf(models);
        this.data = data.labelled() ? data : new PredictedLabels(data);
        this.seed = seed;
        this.limits = limits;
    }

    public Model model() {
        return model;
    }

    public Map<String, Model> models() {
        return models;
    }

    /** The benign samples; their labels are the model's predictions when the data has none ({@link #labelsPredicted}). */
    public Samples data() {
        return data;
    }

    public boolean labelsPredicted() {
        return data instanceof PredictedLabels;
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
        if (outputs == null) outputs = BatchInference.run(model, images(), limits);
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

    /** Unlabelled samples with the guarded model's predicted classes as labels. */
    private final class PredictedLabels implements Samples {
        private final Samples samples;
        private int[] predicted;

        PredictedLabels(Samples samples) {
            this.samples = samples;
        }

        @Override
        public String source() {
            return samples.source();
        }

        @Override
        public int count() {
            return samples.count();
        }

        @Override
        public double[] image(int index) {
            return samples.image(index);
        }

        @Override
        public int label(int index) {
            synchronized (CalibrationInput.this) {
                if (predicted == null) {
                    double[][] scores = output(model.metadata().scoresOutputOrFirst());
                    predicted = new int[scores.length];
                    for (int i = 0; i < scores.length; i++) predicted[i] = Softmax.argmax(scores[i], 0, scores[i].length);
                }
                return predicted[index];
            }
        }
    }
}
