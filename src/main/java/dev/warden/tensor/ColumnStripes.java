package dev.warden.tensor;

import java.util.SplittableRandom;

/**
 * The Square attack's L-inf initialisation (Andriushchenko et al., 2020): every column of every channel moved
 * by +eps or -eps, the sign drawn per column, clipped to [0, 1]. The attack starts from it, and the evaluation
 * sets use it to ask how often that first query alone fools a model.
 */
public final class ColumnStripes {
    private ColumnStripes() {
    }

    /** A striped copy of the flat CHW image {@code x}; draws one sign per channel and column, in that order. */
    public static double[] of(double[] x, int[] chw, double eps, SplittableRandom random) {
        return of(x, chw, false, eps, 0, 1, random);
    }

    /**
     * The same for an image in CHW or, with {@code channelsLast}, HWC order, clipped to {@code [min, max]} (the
     * input's value range, of which {@code eps} is then an amount in the same units).
     */
    public static double[] of(double[] x, int[] chw, boolean channelsLast, double eps, double min, double max, SplittableRandom random) {
        int c = chw[0], h = chw[1], w = chw[2];
        double[] out = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int col = 0; col < w; col++) {
                double sign = random.nextBoolean() ? eps : -eps;
                for (int row = 0; row < h; row++) {
                    int i = channelsLast ? (row * w + col) * c + ch : (ch * h + row) * w + col;
                    out[i] = Math.min(max, Math.max(min, x[i] + sign));
                }
            }
        }
        return out;
    }
}
