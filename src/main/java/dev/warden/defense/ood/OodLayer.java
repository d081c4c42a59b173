package dev.warden.defense.ood;

import java.util.Locale;

/**
 * Where an OOD detector looks: the model's penultimate {@code features} output, or its {@code input} image
 * average-pooled by a factor (a coarse view of the pixels that a Gaussian can be fitted to cheaply).
 */
public enum OodLayer {
    FEATURES, INPUT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Average-pools image {@code row} of a flat NCHW batch {@code v} ({@code chw} per image) by {@code pool}, and
     * appends the image's largest value: a dim or blank frame is a scaled-down image, which pooled pixels alone
     * cannot tell from a dark garment, while benign images span the full range.
     */
    static double[] pooled(double[] v, int row, int[] chw, int pool) {
        double[] out = new double[pooledSize(chw, pool)];
        pooled(v, row, chw, pool, out);
        return out;
    }

    /** Values {@link #pooled} gives for images of {@code chw}. */
    static int pooledSize(int[] chw, int pool) {
        return chw[0] * (chw[1] / pool) * (chw[2] / pool) + 1;
    }

    /**
     * {@link #pooled} into {@code out} (at least {@link #pooledSize} long). Each block's sum is kept in a register
     * across its {@code pool} values of a row, adding the same terms in the same order as a cell-by-cell
     * accumulation would, so the result is the same to the bit; the largest value is taken in the same pass.
     */
    static void pooled(double[] v, int row, int[] chw, int pool, double[] out) {
        int c = chw[0], h = chw[1], w = chw[2];
        int ph = h / pool, pw = w / pool;
        int size = c * ph * pw;
        java.util.Arrays.fill(out, 0, size, 0);
        double max = Double.NEGATIVE_INFINITY;
        int base = row * c * h * w;
        double norm = 1.0 / (pool * pool);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int src = base + ch * h * w + y * w;
                if (y < ph * pool) {
                    int dst = ch * ph * pw + (y / pool) * pw;
                    for (int bx = 0; bx < pw; bx++) {
                        double sum = out[dst + bx];
                        for (int k = 0, x = src + bx * pool; k < pool; k++, x++) sum += v[x] * norm;
                        out[dst + bx] = sum;
                    }
                }
                for (int x = src, end = src + w; x < end; x++) max = Math.max(max, v[x]);
            }
        }
        out[size] = max;
    }
}
