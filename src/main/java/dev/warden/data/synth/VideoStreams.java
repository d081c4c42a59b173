package dev.warden.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic video streams of one still image, as a mostly steady camera would see it: each frame shifted by a
 * random walk of at most {@link #MAX_SHIFT} pixel (steps of -1, 0 or 1, taken between {@link #MOVE} of the frames) and scaled in brightness by a random walk in
 * [0.9, 1.1] (steps of at most 0.02), values clipped to [0, 1]. An attacked stream is the same stream with
 * some frames replaced by an adversarial image.
 */
public final class VideoStreams {
    public static final int MAX_SHIFT = 1;
    /** The chance that the camera moves (by a pixel step) between two frames: a mostly steady camera. */
    public static final double MOVE = 0.25;
    public static final double MIN_BRIGHTNESS = 0.9;
    public static final double MAX_BRIGHTNESS = 1.1;

    private VideoStreams() {
    }

    /** {@code length} frames of {@code image} (28x28 or any square size) under jitter drawn from {@code random}. */
    public static List<double[]> benign(double[] image, int length, SplittableRandom random) {
        int side = (int) Math.round(Math.sqrt(image.length));
        List<double[]> frames = new ArrayList<>(length);
        int dx = 0, dy = 0;
        double brightness = 1;
        for (int t = 0; t < length; t++) {
            if (t > 0 && random.nextDouble() < MOVE) {
                dx = clamp(dx + random.nextInt(3) - 1, -MAX_SHIFT, MAX_SHIFT);
                dy = clamp(dy + random.nextInt(3) - 1, -MAX_SHIFT, MAX_SHIFT);
            }
            if (t > 0) {
                brightness = Math.min(MAX_BRIGHTNESS, Math.max(MIN_BRIGHTNESS, brightness + random.nextDouble(-0.02, 0.02)));
            }
            frames.add(frame(image, side, dx, dy, brightness));
        }
        return frames;
    }

    /**
     * The benign stream of {@code image} (same jitter for the same {@code jitter} seed state) with each frame
     * replaced, with probability {@code share}, by {@code adversarial} as is (at least two frames are).
     */
    public static List<double[]> attacked(double[] image, double[] adversarial, int length, double share,
                                          SplittableRandom jitter, SplittableRandom choice) {
        List<double[]> frames = benign(image, length, jitter);
        List<Integer> replaced = new ArrayList<>();
        for (int t = 0; t < length; t++) if (choice.nextDouble() < share) replaced.add(t);
        while (replaced.size() < 2) {
            int t = choice.nextInt(length);
            if (!replaced.contains(t)) replaced.add(t);
        }
        for (int t : replaced) frames.set(t, adversarial.clone());
        return frames;
    }

    private static double[] frame(double[] image, int side, int dx, int dy, double brightness) {
        double[] out = new double[image.length];
        for (int y = 0; y < side; y++) {
            int sy = y - dy;
            if (sy < 0 || sy >= side) continue;
            for (int x = 0; x < side; x++) {
                int sx = x - dx;
                if (sx < 0 || sx >= side) continue;
                out[y * side + x] = Math.min(1, image[sy * side + sx] * brightness);
            }
        }
        return out;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
