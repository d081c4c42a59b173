package dev.warden.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an input's values are arranged: an image batch with channels first ({@code NCHW}) or last ({@code NHWC}),
 * or plain feature vectors ({@code FEATURES}, [N, F]). It says which axis the per-channel ranges and
 * normalization index: axis 1 for NCHW, the last axis otherwise.
 */
public enum Layout {
    NCHW, NHWC, FEATURES;

    /** Parses a sidecar's {@code layout}; null stays null. */
    public static Layout parse(String name) {
        if (name == null) return null;
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layout must be NCHW, NHWC or FEATURES, not '" + name + "'");
        }
    }

    /** The layout a graph's declared shape implies, or null when it does not say (rank 3, or no channel-like axis). */
    public static Layout infer(long[] shape) {
        if (shape.length == 2) return FEATURES;
        if (shape.length != 4) return null;
        if (channelLike(shape[1])) return NCHW;
        if (channelLike(shape[3])) return NHWC;
        return null;
    }

    private static boolean channelLike(long d) {
        return d == 1 || d == 3 || d == 4;
    }

    /** The axis channels (or features) run along in a tensor of this rank. */
    public int channelAxis(int rank) {
        return this == NCHW ? 1 : rank - 1;
    }

    public boolean isImage() {
        return this != FEATURES;
    }

    /** Whether a tensor of {@code shape} fits this layout (rank 4 for images, rank 2 for features). */
    public boolean fits(long[] shape) {
        return isImage() ? shape.length == 4 : shape.length == 2;
    }

    /** Human-readable shape with the batch shown as N, e.g. {@code [N,13]}. */
    public static String describe(long[] shape) {
        String[] dims = new String[shape.length];
        for (int i = 0; i < shape.length; i++) dims[i] = i == 0 && shape[i] < 0 ? "N" : shape[i] < 0 ? "?" : Long.toString(shape[i]);
        return Arrays.toString(dims).replace(" ", "");
    }
}
