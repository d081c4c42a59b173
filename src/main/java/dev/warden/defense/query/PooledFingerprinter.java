package dev.warden.defense.query;

import dev.warden.model.Layout;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.state.Fingerprint;

/**
 * Blacklight's windows over a coarse view of a large image: each channel average-pooled by an integer factor to
 * at most {@value #MAX_PIXELS} pixels before quantizing and hashing, so that a query's fingerprint costs one
 * pass of additions over the pixels plus the hashing of a small image, whatever the resolution (at 3x224x224,
 * 3 x 32 x 32 windows instead of 150,528). A query-based attack's near-copies stay near-copies after pooling
 * (averaging shrinks per-pixel perturbations), distinct images stay distinct. The exact-repeat hash is still
 * taken over every value as sent: an input that differs from an earlier one anywhere is never taken for a
 * retry, so a perturbation that cancels within each pooled block is a near-copy, matched, not a repeat.
 * Images of at most {@value #MAX_PIXELS} pixels per channel (the bundled 28x28 models) are fingerprinted
 * as before, value by value ({@link #of} returns the plain fingerprinter).
 *
 * <p>Layout: the pooled image in per-thread scratch; the exact-value hash fed row by row as pooling reads the
 * rows, so a large input is read once, channel planes in order (whatever the input's layout),
 * rows of the last partial block folded into the last block row and column so no pixel is left out.
 */
final class PooledFingerprinter implements InputFingerprinter {
    static final int MAX_PIXELS = 1024;

    private final Fingerprinter windows;
    private final int channels;
    private final int height;
    private final int width;
    private final boolean channelsLast;
    private final int[] rowBlock;
    private final int[] colBlock;
    private final int pooledHeight;
    private final int pooledWidth;
    private final double[] inverseCount;
    private final ThreadLocal<Scratch> scratch;

    private static final class Scratch {
        final double[] pooled;
        final double[] rows;
        final long[] lanes = new long[4];

        Scratch(int pooled, int width) {
            this.pooled = new double[pooled];
            this.rows = new double[width];
        }
    }

    private PooledFingerprinter(Fingerprinter windows, int channels, int height, int width, boolean channelsLast, int factor) {
        this.windows = windows;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.channelsLast = channelsLast;
        this.pooledHeight = Math.max(1, height / factor);
        this.pooledWidth = Math.max(1, width / factor);
        this.rowBlock = blocks(height, factor, pooledHeight);
        this.colBlock = blocks(width, factor, pooledWidth);
        int[] counts = new int[pooledHeight * pooledWidth];
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) counts[rowBlock[y] * pooledWidth + colBlock[x]]++;
        this.inverseCount = new double[counts.length];
        for (int i = 0; i < counts.length; i++) inverseCount[i] = 1.0 / counts[i];
        int size = channels * pooledHeight * pooledWidth;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(size, width));
    }

    /** {@code windows} itself for inputs that are not images or are small enough; else the pooled view over it. */
    static InputFingerprinter of(Fingerprinter windows, ModelMetadata model) {
        int factor = factorFor(model);
        if (factor == 1) return windows;
        TensorSpec in = model.inputs().get(0);
        boolean last = model.domain(in.name()).layout() == Layout.NHWC;
        return new PooledFingerprinter(windows, (int) in.dim(last ? 3 : 1), (int) in.dim(last ? 1 : 2), (int) in.dim(last ? 2 : 3), last, factor);
    }

    /** The pooling factor for this model's first input: 1 (value by value) unless it is an image over {@link #MAX_PIXELS} pixels. */
    static int factorFor(ModelMetadata model) {
        TensorSpec in = model.inputs().get(0);
        Layout layout = model.domain(in.name()).layout();
        if (layout == null || !layout.isImage() || in.rank() != 4) return 1;
        boolean last = layout == Layout.NHWC;
        long c = in.dim(last ? 3 : 1), h = in.dim(last ? 1 : 2), w = in.dim(last ? 2 : 3);
        if (c < 1 || h < 1 || w < 1 || h * w <= MAX_PIXELS || h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) return 1;
        return factor((int) h, (int) w);
    }

    /** The smallest integer factor that brings {@code h x w} to at most {@link #MAX_PIXELS} pixels. */
    static int factor(int h, int w) {
        int f = 2;
        while ((long) Math.max(1, h / f) * Math.max(1, w / f) > MAX_PIXELS) f++;
        return f;
    }

    private static int[] blocks(int n, int factor, int pooled) {
        int[] b = new int[n];
        for (int i = 0; i < n; i++) b[i] = Math.min(i / factor, pooled - 1);
        return b;
    }

    /** Values the windows are taken over (for the check that the input gives enough of them). */
    int pooledSize() {
        return channels * pooledHeight * pooledWidth;
    }

    @Override
    public Fingerprint fingerprint(double[] data, int offset, int length) {
        if (length != channels * height * width) {
            throw new IllegalArgumentException("input has " + length + " values, the image " + channels * height * width);
        }
        Scratch s = scratch.get();
        double[] out = s.pooled;
        java.util.Arrays.fill(out, 0);
        int plane = pooledHeight * pooledWidth;
        // The exact-value hash is fed each row as pooling reads it (one pass over the input, not two) when rows
        // hold a multiple of four values, as its lanes need; otherwise it takes its own pass.
        ExactHash exact = windows.exactHash();
        long[] lanes = s.lanes;
        exact.start(lanes);
        boolean fused;
        if (channelsLast) {
            int row = width * channels;
            fused = row % 4 == 0;
            for (int y = 0, i = offset; y < height; y++) {
                if (fused) exact.feed(lanes, data, i, row);
                int cells = rowBlock[y] * pooledWidth;
                for (int x = 0; x < width; x++) {
                    int cell = cells + colBlock[x];
                    for (int ch = 0; ch < channels; ch++) out[ch * plane + cell] += data[i++];
                }
            }
        } else {
            fused = width % 4 == 0;
            // Separable: the rows of a block row are summed column-wise first (independent additions the JIT
            // vectorizes), then each summed row once across its column blocks.
            double[] rows = s.rows;
            for (int ch = 0, i = offset; ch < channels; ch++) {
                int base = ch * plane;
                for (int by = 0, y = 0; by < pooledHeight; by++) {
                    java.util.Arrays.fill(rows, 0);
                    for (; y < height && rowBlock[y] == by; y++, i += width) {
                        if (fused) exact.feed(lanes, data, i, width);
                        for (int x = 0; x < width; x++) rows[x] += data[i + x];
                    }
                    int row = base + by * pooledWidth;
                    for (int x = 0; x < width; x++) out[row + colBlock[x]] += rows[x];
                }
            }
        }
        int exactHash = fused ? exact.finish(lanes, length) : windows.exact(data, offset, length);
        for (int ch = 0; ch < channels; ch++) {
            int base = ch * plane;
            for (int k = 0; k < plane; k++) out[base + k] *= inverseCount[k];
        }
        return windows.fingerprint(out, 0, out.length, exactHash);
    }

    @Override
    public int hashes() {
        return windows.hashes();
    }
}
