package dev.warden.assess.attack;

import java.util.SplittableRandom;

/** Orthonormal 2-D DCT-II basis images and SimBA's low-frequency-first block order (ART's _block_order). */
final class Dct {
    private final int h;
    private final int w;
    private final double[][] rows;
    private final double[][] cols;

    Dct(int h, int w) {
        this.h = h;
        this.w = w;
        this.rows = basis1d(h);
        this.cols = basis1d(w);
    }

    /** basis[k][n] = c_k cos(pi (2n + 1) k / 2N), c_0 = sqrt(1/N), c_k = sqrt(2/N). */
    private static double[][] basis1d(int n) {
        double[][] b = new double[n][n];
        for (int k = 0; k < n; k++) {
            double c = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (int i = 0; i < n; i++) b[k][i] = c * Math.cos(Math.PI * (2 * i + 1) * k / (2.0 * n));
        }
        return b;
    }

    /** The image of one coefficient, index = (channel * h + u) * w + v in frequency space. */
    double[] basis(int index, int channels) {
        int ch = index / (h * w);
        int u = (index / w) % h;
        int v = index % w;
        double[] out = new double[channels * h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) out[(ch * h + r) * w + c] = rows[u][r] * cols[v][c];
        }
        return out;
    }

    /**
     * Every coefficient index once: the top-left size x size block first, then bands growing by stride,
     * shuffled within each band and across channels.
     */
    static int[] blockOrder(int channels, int h, int w, int initial, int stride, SplittableRandom random) {
        int size = Math.min(initial, Math.min(h, w));
        int[] out = new int[channels * h * w];
        int n = 0;
        int[] band = band(channels, h, w, 0, size);
        shuffle(band, random);
        for (int i : band) out[n++] = i;
        for (int lo = size; lo < Math.max(h, w); lo += stride) {
            band = band(channels, h, w, lo, Math.min(lo + stride, Math.max(h, w)));
            shuffle(band, random);
            for (int i : band) out[n++] = i;
        }
        return out;
    }

    /** Indices with max(u, v) in [lo, hi). */
    private static int[] band(int channels, int h, int w, int lo, int hi) {
        int count = 0;
        int[] tmp = new int[channels * h * w];
        for (int ch = 0; ch < channels; ch++) {
            for (int u = 0; u < h; u++) {
                for (int v = 0; v < w; v++) {
                    int m = Math.max(u, v);
                    if (m >= lo && m < hi) tmp[count++] = (ch * h + u) * w + v;
                }
            }
        }
        return java.util.Arrays.copyOf(tmp, count);
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
