package dev.warden.defense.sanitize;

import dev.warden.model.ModelMetadata;
import dev.warden.model.ValueRange;
import dev.warden.tensor.Tensor;
import java.util.List;

/**
 * A sequence of transforms applied to a model's image input: values are mapped from the model's input range
 * to [0, 1], transformed in order, and mapped back. Thread-safe.
 */
public final class Sanitizer {
    private final List<Transform> transforms;
    private final int[] chw;
    private final double lo;
    private final double span;

    public Sanitizer(List<Transform> transforms, ModelMetadata model) {
        if (transforms.isEmpty()) throw new IllegalArgumentException("at least one transform is required");
        this.transforms = List.copyOf(transforms);
        this.chw = chw(model);
        ValueRange range = model.inputRange() != null ? model.inputRange() : new ValueRange(0, 1);
        this.lo = range.min();
        this.span = range.max() - range.min();
        if (!(span > 0)) throw new IllegalArgumentException("model " + model.name() + " has an empty input range");
    }

    public List<Transform> transforms() {
        return transforms;
    }

    public Tensor apply(Tensor input) {
        return Tensor.numeric(input.name(), input.datatype(), input.shape(), apply(input.values()));
    }

    /** Transforms a flat batch of images (values in the model's input range). */
    public double[] apply(double[] values) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) v[i] = (values[i] - lo) / span;
        for (Transform t : transforms) v = t.apply(v, chw);
        for (int i = 0; i < v.length; i++) v[i] = lo + v[i] * span;
        return v;
    }

    /** Channels, height, width of one image from the model's first input: NCHW, or NHWC when the sidecar says so. */
    static int[] chw(ModelMetadata model) {
        long[] s = model.inputs().get(0).shape();
        if (s.length != 4 && s.length != 3) {
            throw new IllegalArgumentException("model " + model.name() + " input is not an image batch (shape " + java.util.Arrays.toString(s) + ")");
        }
        if (s.length == 3) return new int[]{1, (int) s[1], (int) s[2]};
        if ("NHWC".equalsIgnoreCase(model.layout())) {
            throw new IllegalArgumentException("model " + model.name() + " takes NHWC images; sanitize supports NCHW");
        }
        if (s[2] < 1 || s[3] < 1) throw new IllegalArgumentException("model " + model.name() + " has free image dimensions");
        return new int[]{(int) Math.max(1, s[1]), (int) s[2], (int) s[3]};
    }
}
