package dev.warden.update;

import dev.warden.calibrate.BatchInference;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.ScoresKind;
import dev.warden.tensor.Softmax;
import java.util.List;
import java.util.Map;

/**
 * One version's class probabilities on a set of samples (softmax of its logits, or its probabilities as given),
 * with the predicted class of each; and its features when the model has them (the knn threshold carry-over).
 */
record VersionOutputs(double[][] probabilities, int[] predicted, double[][] features) {
    static VersionOutputs of(Model model, List<double[]> images) {
        ModelMetadata meta = model.metadata();
        if (meta.scoresOutput() == null) throw new IllegalArgumentException("model " + meta.name() + " declares no scores output to compare");
        Map<String, double[][]> out = BatchInference.run(model, images);
        double[][] scores = out.get(meta.scoresOutput());
        int n = scores.length;
        double[][] probs = new double[n][];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            probs[i] = meta.scoresKind() == ScoresKind.PROBABILITIES ? scores[i].clone() : Softmax.rows(scores[i], scores[i].length);
            predicted[i] = Softmax.argmax(probs[i], 0, probs[i].length);
        }
        double[][] features = meta.featuresOutput() == null ? null : out.get(meta.featuresOutput());
        return new VersionOutputs(probs, predicted, features);
    }

    int count() {
        return predicted.length;
    }

    int classes() {
        return probabilities.length == 0 ? 0 : probabilities[0].length;
    }

    double top(int i) {
        return probabilities[i][predicted[i]];
    }
}
