package dev.warden.defense.chain;

import dev.warden.guard.Decimals;
import dev.warden.model.ModelMetadata;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * What one output of a chain stage must look like before it may feed the next stage: its shape (-1 for any
 * size), the closed range every value lies in (NaN and infinities never pass), and the labels the stage's
 * prediction may have (the arg-max of this output, named by the stage model's labels).
 */
public record OutputContract(String output, List<Long> shape, List<Double> range, List<String> labels) {
    public OutputContract {
        if (output == null || output.isBlank()) throw new IllegalArgumentException("output is required");
        shape = shape == null ? null : List.copyOf(shape);
        range = range == null ? null : List.copyOf(range);
        labels = labels == null ? null : List.copyOf(labels);
        if (range != null && (range.size() != 2 || !(range.get(0) <= range.get(1)))) {
            throw new IllegalArgumentException("range must be [min, max] with min <= max");
        }
        if (labels != null && labels.isEmpty()) throw new IllegalArgumentException("labels, when given, must not be empty");
        if (shape == null && range == null && labels == null) throw new IllegalArgumentException("give shape, range or labels for output " + output);
    }

    /** Checks that the labels exist in the stage model (at policy load, not per query). */
    void checkAgainst(ModelMetadata model) {
        if (model.output(output).isEmpty()) {
            throw new IllegalArgumentException("model " + model.name() + " has no output '" + output + "'");
        }
        if (labels != null) {
            for (String l : labels) {
                if (!model.labels().contains(l)) throw new IllegalArgumentException("model " + model.name() + " has no label '" + l + "' (it has " + model.labels() + ")");
            }
        }
    }

    /** Null when the output keeps the contract, else what breaks it. */
    String breach(Tensor t, ModelMetadata model) {
        if (t == null) return "gave no output '" + output + "'";
        long[] s = t.shape();
        if (shape != null) {
            boolean ok = s.length == shape.size();
            for (int i = 0; ok && i < s.length; i++) ok = shape.get(i) < 0 || shape.get(i) == s[i];
            if (!ok) return "output '" + output + "' has shape " + Arrays.toString(s) + ", the contract says " + shape;
        }
        if (!t.isNumeric()) return labels == null && range == null ? null : "output '" + output + "' is not numeric";
        double[] v = t.values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) return "output '" + output + "' element " + i + " is " + v[i];
            if (range != null && (v[i] < range.get(0) || v[i] > range.get(1))) {
                return "output '" + output + "' element " + i + " = " + Decimals.significant(v[i], 4) + " is outside the contract's range ["
                        + range.get(0) + ", " + range.get(1) + "]";
            }
        }
        if (labels != null) {
            int classes = (int) s[s.length - 1];
            for (int row = 0; row < v.length / classes; row++) {
                String label = model.labelOf(Softmax.argmax(v, row, classes));
                if (!labels.contains(label)) return "predicts '" + label + "' for input " + row + ", not one of " + labels;
            }
        }
        return null;
    }
}
