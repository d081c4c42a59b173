package dev.warden.fuzz.mutate;

/**
 * Where inputs live: an image of channels x height x width (NCHW) or a flat row of features, the model's
 * valid range, and for features each one's calibration range (bounded feature perturbations stay in it).
 */
public record InputSpace(int channels, int height, int width, double min, double max, float[] featureMin, float[] featureMax) {
    public InputSpace {
        if (channels < 1 || height < 1 || width < 1) throw new IllegalArgumentException("input dimensions must be >= 1");
        if (!(min < max)) throw new IllegalArgumentException("input range [" + min + ", " + max + "] is empty");
        if ((featureMin == null) != (featureMax == null)) throw new IllegalArgumentException("feature ranges need both ends");
    }

    /** From a model's per-example shape: [C, H, W] is an image, [F] a feature row. */
    public static InputSpace of(long[] shape, double min, double max, float[] featureMin, float[] featureMax) {
        if (shape.length == 3) return new InputSpace((int) shape[0], (int) shape[1], (int) shape[2], min, max, null, null);
        if (shape.length == 1) return new InputSpace(1, 1, (int) shape[0], min, max, featureMin, featureMax);
        throw new IllegalArgumentException("cannot fuzz inputs of shape " + java.util.Arrays.toString(shape)
                + ": need [channels, height, width] (NCHW images) or [features]");
    }

    public boolean image() {
        return featureMin == null && height > 1;
    }

    public int size() {
        return channels * height * width;
    }

    public double clip(double v) {
        return Math.max(min, Math.min(max, v));
    }

    public double span() {
        return max - min;
    }
}
