package dev.warden.data;

import java.util.Arrays;

/**
 * One sample as its source holds it, before conversion to a model's input: flat row-major values, their
 * per-sample dimensions and what those dimensions are. {@code pixels}: the values are 8-bit pixel intensities
 * (0..255, from images, IDX or uint8 arrays) to be scaled to the input's range; otherwise they are already in
 * the model's input units. {@code label} is the class as the source names it (null: unlabelled).
 */
public record RawSample(String origin, double[] values, int[] dims, Arrangement arrangement, boolean pixels, String label) {
    /** What the dimensions mean. */
    public enum Arrangement {
        /** [height, width, channels]: decoded images and IDX. */
        HWC,
        /** Three dimensions whose channel axis the source does not declare (an array [N, a, b, c]): matched against the model. */
        ARRAY,
        /** A flat vector of features, in the source's column order. */
        FEATURES
    }

    public RawSample {
        long n = 1;
        for (int d : dims) n *= d;
        if (n != values.length) {
            throw new IllegalArgumentException(origin + ": dimensions " + Arrays.toString(dims) + " do not hold " + values.length + " values");
        }
        if (arrangement != Arrangement.FEATURES && dims.length != 3) {
            throw new IllegalArgumentException(origin + ": an image sample has 3 dimensions, not " + Arrays.toString(dims));
        }
    }

    public String shapeText() {
        return Arrays.toString(dims) + (arrangement == Arrangement.HWC ? " (HxWxC)" : "");
    }
}
