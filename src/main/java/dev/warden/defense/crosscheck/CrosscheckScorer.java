package dev.warden.defense.crosscheck;

import dev.warden.defense.sanitize.Sanitizer;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.ScoresKind;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Disagreement scores of a batch (Xu et al., 2018, "Feature Squeezing: Detecting Adversarial Examples in Deep
 * Neural Networks", extended to other models as in multi-model sanity checks): for each squeezer, the L1
 * distance between the model's probabilities on the input and on the squeezed input; for each other model,
 * the L1 distance between the two models' probabilities on the input. All squeezed copies of a batch go to
 * the model in one call (squeezer-major, [S*N, ...]), so feature squeezing costs one extra inference, not S.
 * Scores come back component-major: {@code scores[component][row]}.
 */
public final class CrosscheckScorer {
    private final Model model;
    private final List<Sanitizer> squeezers;
    private final List<Model> others;

    public CrosscheckScorer(Model model, List<Sanitizer> squeezers, List<Model> others) {
        this.model = model;
        this.squeezers = List.copyOf(squeezers);
        this.others = List.copyOf(others);
    }

    public int components() {
        return squeezers.size() + others.size();
    }

    public List<String> componentNames() {
        List<String> names = new ArrayList<>();
        for (Sanitizer s : squeezers) names.add(s.transforms().get(0).toString());
        for (Model m : others) names.add(m.metadata().name());
        return names;
    }

    /** Scores of every image of {@code input}, given the guarded model's class scores on it. */
    public double[][] scores(Tensor input, Tensor modelScores) {
        int n = (int) input.batchSize();
        int classes = modelScores.size() / n;
        double[] p = probabilities(model.metadata(), modelScores.values(), classes);
        double[][] out = new double[components()][];
        int c = 0;
        if (!squeezers.isEmpty()) {
            double[] in = input.values();
            double[] stacked = new double[in.length * squeezers.size()];
            for (int s = 0; s < squeezers.size(); s++) System.arraycopy(squeezers.get(s).apply(in), 0, stacked, s * in.length, in.length);
            long[] shape = input.shape().clone();
            shape[0] = (long) n * squeezers.size();
            double[] q = probabilities(model, Tensor.numeric(input.name(), input.datatype(), shape, stacked), classes);
            for (int s = 0; s < squeezers.size(); s++) out[c++] = l1(p, q, s * n * classes, n, classes);
        }
        for (Model other : others) out[c++] = l1(p, probabilities(other, input, classes), 0, n, classes);
        return out;
    }

    private static double[] probabilities(Model m, Tensor input, int classes) {
        ModelMetadata meta = m.metadata();
        String in = meta.inputs().get(0).name();
        Map<String, Tensor> out = m.infer(Map.of(in, input.name().equals(in) ? input : input.renamed(in)));
        Tensor scores = out.get(meta.scoresOutputOrFirst());
        if (scores == null || scores.size() != input.batchSize() * classes) {
            throw new IllegalStateException("model " + meta.name() + " gave no " + classes + "-class scores");
        }
        return probabilities(meta, scores.values(), classes);
    }

    private static double[] probabilities(ModelMetadata meta, double[] scores, int classes) {
        return meta.scoresKind() == ScoresKind.LOGITS ? Softmax.rows(scores, classes) : scores;
    }

    private static double[] l1(double[] p, double[] q, int qOffset, int n, int classes) {
        double[] d = new double[n];
        for (int row = 0; row < n; row++) {
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.abs(p[row * classes + k] - q[qOffset + row * classes + k]);
            d[row] = sum;
        }
        return d;
    }
}
