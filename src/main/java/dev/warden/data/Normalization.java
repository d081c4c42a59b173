package dev.warden.data;

import java.util.Arrays;

/**
 * Per-channel {@code (x - mean[c]) / std[c]}, as a model trained on normalized inputs expects them. Warden's
 * defenses and attacks work in pixel units, so samples are not normalized by default: the model wrapper or a
 * caller feeding a bare model applies it. One value for all channels, or one per channel.
 */
public record Normalization(double[] mean, double[] std) {
    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalization needs as many means as stds (one, or one per channel), got "
                    + mean.length + " and " + std.length);
        }
        for (double s : std) if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("normalization std must be > 0, got " + Arrays.toString(std));
        for (double m : mean) if (!Double.isFinite(m)) throw new IllegalArgumentException("normalization mean must be finite, got " + Arrays.toString(mean));
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    int channels() {
        return mean.length;
    }

    double apply(double v, int channel) {
        int c = mean.length == 1 ? 0 : channel;
        return (v - mean[c]) / std[c];
    }
}
