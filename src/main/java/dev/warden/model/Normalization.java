package dev.warden.model;

import java.util.Arrays;

/**
 * Per-channel (or per-feature) normalization the model expects: it sees {@code (x - mean[c]) / std[c]} where
 * the guard, its defenses and attacks see {@code x} in pixel (or raw feature) units. One value applies to every
 * channel. Applied by the model wrapper just before inference, so that nothing above the model needs to know.
 */
public record Normalization(double[] mean, double[] std) {
    public Normalization {
        if (mean == null || std == null || mean.length == 0) throw new IllegalArgumentException("normalization needs mean and std");
        if (mean.length != std.length) {
            throw new IllegalArgumentException("normalization has " + mean.length + " means but " + std.length + " stds");
        }
        mean = mean.clone();
        std = std.clone();
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) throw new IllegalArgumentException("normalization mean[" + i + "] is not finite");
            if (!(std[i] > 0) || !Double.isFinite(std[i])) throw new IllegalArgumentException("normalization std[" + i + "] must be > 0");
        }
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** A normalized copy of a flat batch whose channel of element i is {@code axis.channel(i)}. */
    public double[] apply(double[] values, ChannelAxis axis) {
        double[] out = new double[values.length];
        if (mean.length == 1) {
            for (int i = 0; i < values.length; i++) out[i] = (values[i] - mean[0]) / std[0];
            return out;
        }
        for (int i = 0; i < values.length; i++) {
            int c = axis.channel(i);
            out[i] = (values[i] - mean[c]) / std[c];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
