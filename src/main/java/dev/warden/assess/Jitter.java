package dev.warden.assess;

import java.util.SplittableRandom;

/**
 * The adaptive adversary's random transformations, stronger with each attempt r = 1, 2, 3...: uniform noise
 * of +-r/255 on every pixel; from r = 2 also a one-pixel shift in a random direction (edges repeated); from
 * r = 3 also a brightness change of up to +-3%. Results are clipped to [0, 1].
 */
final class Jitter {
    private Jitter() {
    }

    static double[] apply(double[] image, int[] chw, int attempt, SplittableRandom random) {
        int c = chw[0], h = chw[1], w = chw[2];
        double[] out = image.clone();
        if (attempt >= 2) {
            int dir = random.nextInt(4);
            int dy = dir == 0 ? 1 : dir == 1 ? -1 : 0;
            int dx = dir == 2 ? 1 : dir == 3 ? -1 : 0;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sy = Math.min(h - 1, Math.max(0, y - dy));
                        int sx = Math.min(w - 1, Math.max(0, x - dx));
                        out[(ch * h + y) * w + x] = image[(ch * h + sy) * w + sx];
                    }
                }
            }
        }
        double gain = attempt >= 3 ? 1 + (random.nextDouble() * 2 - 1) * 0.03 : 1;
        double amplitude = attempt / 255.0;
        for (int i = 0; i < out.length; i++) {
            double v = out[i] * gain + (random.nextDouble() * 2 - 1) * amplitude;
            out[i] = Math.min(1, Math.max(0, v));
        }
        return out;
    }
}
