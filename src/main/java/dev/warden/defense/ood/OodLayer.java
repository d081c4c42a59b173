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
        int c = chw[0], h = chw[1], w = chw[2];
        int ph = h / pool, pw = w / pool;
        double[] out = new double[c * ph * pw + 1];
        double max = Double.NEGATIVE_INFINITY;
        int base = row * c * h * w;
        double norm = 1.0 / (pool * pool);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < ph * pool; y++) {
                int src = base + ch * h * w + y * w;
                int dst = ch * ph * pw + (y / pool) * pw;
                for (int x = 0; x < pw * pool; x++) out[dst + x / pool] += v[src + x] * norm;
            }
        }
        for (int i = base, end = base + c * h * w; i < end; i++) max = Math.max(max, v[i]);
        out[out.length - 1] = max;
        return out;
    }
}
