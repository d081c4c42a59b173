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

    /**
     * How a frame's values are laid out: {@code channels} planes of {@code height} x {@code width} (channels last
     * when {@code channelsLast}), values in [0, {@code max}] (brightness is clipped there).
     */
    public record Geometry(int channels, int height, int width, boolean channelsLast, double max) {
        public Geometry {
            if (channels < 1 || height < 1 || width < 1 || !(max > 0)) {
                throw new IllegalArgumentException("frame geometry " + channels + "x" + height + "x" + width + " in [0, " + max + "] is not valid");
            }
        }

        /** A single-channel square image in [0, 1] of {@code values} values: the grey frames of the bundled models. */
        public static Geometry square(int values) {
            int side = (int) Math.round(Math.sqrt(values));
            return new Geometry(1, side, side, false, 1);
        }

        /** The geometry of a model's input as samples are converted to it; images only. */
        public static Geometry of(dev.warden.data.InputConversion c) {
            if (c.layout() == dev.warden.data.InputLayout.FEATURES) {
                throw new IllegalArgumentException("input '" + c.input() + "' takes features, not image frames");
            }
            return new Geometry(c.channels(), c.height(), c.width(), c.layout() == dev.warden.data.InputLayout.NHWC, c.max());
        }

        int size() {
            return channels * height * width;
        }
    }

    /** {@code length} frames of {@code image} (28x28 or any square size) under jitter drawn from {@code random}. */
    public static List<double[]> benign(double[] image, int length, SplittableRandom random) {
        return benign(image, Geometry.square(image.length), length, random);
    }

    /** {@code length} frames of {@code image}, laid out as {@code g}, under jitter drawn from {@code random}. */
    public static List<double[]> benign(double[] image, Geometry g, int length, SplittableRandom random) {
        if (image.length != g.size()) throw new IllegalArgumentException("image has " + image.length + " values, the frame geometry " + g.size());
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
            frames.add(frame(image, g, dx, dy, brightness));
        }
        return frames;
    }

    /**
     * The benign stream of {@code image} (same jitter for the same {@code jitter} seed state) with each frame
     * replaced, with probability {@code share}, by {@code adversarial} as is (at least two frames are).
     */
    public static List<double[]> attacked(double[] image, double[] adversarial, int length, double share,
                                          SplittableRandom jitter, SplittableRandom choice) {
        return attacked(image, Geometry.square(image.length), adversarial, length, share, jitter, choice);
    }

    public static List<double[]> attacked(double[] image, Geometry g, double[] adversarial, int length, double share,
                                          SplittableRandom jitter, SplittableRandom choice) {
        List<double[]> frames = benign(image, g, length, jitter);
        List<Integer> replaced = new ArrayList<>();
        for (int t = 0; t < length; t++) if (choice.nextDouble() < share) replaced.add(t);
        while (replaced.size() < 2) {
            int t = choice.nextInt(length);
            if (!replaced.contains(t)) replaced.add(t);
        }
        for (int t : replaced) frames.set(t, adversarial.clone());
        return frames;
    }

    private static double[] frame(double[] image, Geometry g, int dx, int dy, double brightness) {
        double[] out = new double[image.length];
        int c = g.channels(), h = g.height(), w = g.width();
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                int sy = y - dy;
                if (sy < 0 || sy >= h) continue;
                for (int x = 0; x < w; x++) {
                    int sx = x - dx;
                    if (sx < 0 || sx >= w) continue;
                    int to = g.channelsLast() ? (y * w + x) * c + k : (k * h + y) * w + x;
                    int from = g.channelsLast() ? (sy * w + sx) * c + k : (k * h + sy) * w + sx;
                    out[to] = Math.min(g.max(), image[from] * brightness);
                }
            }
        }
        return out;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
