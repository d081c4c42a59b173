package dev.warden.model;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ZipMap output (what scikit-learn converters emit for class probabilities: a sequence, one per row, of
 * maps from class label to probability) read as a [N, C] FP32 scores tensor. Columns follow the class keys
 * in sorted order (numeric for INT64 keys, lexicographic for strings: the order scikit-learn's
 * {@code classes_} has); the keys are the model's labels.
 */
final class ZipMapOutput {
    private final String name;
    private final List<Object> keys;
    private final Map<Object, Integer> column = new HashMap<>();

    ZipMapOutput(String name, List<?> keys) {
        this.name = name;
        List<Object> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> a instanceof Number x && b instanceof Number y
                ? Long.compare(x.longValue(), y.longValue()) : a.toString().compareTo(b.toString()));
        this.keys = List.copyOf(sorted);
        for (int i = 0; i < sorted.size(); i++) column.put(sorted.get(i), i);
        if (sorted.isEmpty()) throw new ModelException("ZipMap output '" + name + "' has no classes");
    }

    String name() {
        return name;
    }

    int classes() {
        return keys.size();
    }

    List<String> labels() {
        return keys.stream().map(Object::toString).toList();
    }

    TensorSpec spec() {
        return new TensorSpec(name, dev.warden.tensor.DataType.FP32, new long[]{-1, keys.size()});
    }

    /** The class keys of the first map of a sequence (a probe inference's output). */
    static List<?> keysOf(String name, OnnxSequence sequence) throws OrtException {
        List<? extends OnnxValue> maps = sequence.getValue();
        if (maps.isEmpty() || !(maps.get(0) instanceof OnnxMap first)) {
            throw new ModelException("output '" + name + "' is a sequence but not of maps");
        }
        return new ArrayList<>(first.getValue().keySet());
    }

    Tensor toScores(OnnxSequence sequence) throws OrtException {
        List<? extends OnnxValue> maps = sequence.getValue();
        int n = maps.size();
        double[] values = new double[n * keys.size()];
        for (int row = 0; row < n; row++) {
            Map<?, ?> probabilities = ((OnnxMap) maps.get(row)).getValue();
            for (Map.Entry<?, ?> e : probabilities.entrySet()) {
                Integer c = column.get(e.getKey());
                if (c == null) throw new ModelException("ZipMap output '" + name + "' has an unknown class " + e.getKey());
                values[row * keys.size() + c] = ((Number) e.getValue()).doubleValue();
            }
        }
        return Tensor.fp32(name, new long[]{n, keys.size()}, values);
    }
}
