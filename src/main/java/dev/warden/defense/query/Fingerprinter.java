package dev.warden.defense.query;

import dev.warden.model.ValueRange;
import dev.warden.state.Fingerprint;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Blacklight's probabilistic fingerprint (Li et al., USENIX Security 2022), keyed and without its background
 * weakness. The input is quantized (levels of {@code step} times its value range, rounded), flattened, and
 * every window of {@code window} values (every {@code stride}-th) is hashed; the fingerprint is the S largest
 * distinct hashes, a consistent sample of the input's windows (so near-identical inputs share most of it).
 *
 * <p>Published Blacklight adds a fixed per-pixel salt before quantizing, which makes every window hash depend
 * on its position: blank background at the same place hashes alike in different images, and about one
 * Fashion-MNIST image in ten matches an earlier, different one. Here windows hash by content alone (deduped,
 * so a blank region counts once however large) and windows with fewer than {@code minTransitions} changes
 * between neighbouring levels, which carry almost no information about the image, are used only when an
 * input has too few others. The hash is a polynomial over the window with a secret odd base (rolled in O(1)
 * per window), finished with a keyed mix: without the secret the sample cannot be predicted.
 *
 * <p>Layout: levels in a per-thread byte array, window hashes in two per-thread long arrays (informative and
 * not), then a histogram selection of the largest ({@link TopHashes}); no allocation but the result.
 */
public final class Fingerprinter implements InputFingerprinter {
    private final int window;
    private final int stride;
    private final int hashes;
    private final int minTransitions;
    private final double min;
    private final double scale;
    private final int maxLevel;
    private final long base;
    private final long baseToWindow;
    private final long mixKey;
    private final long mixMultiplier;
    private final ExactHash exact;
    private final ThreadLocal<Scratch> scratch;

    private static final class Scratch {
        byte[] levels = new byte[0];
        byte[] changed = new byte[0];
        long[] informative = new long[0];
        long[] plain = new long[0];
        final TopHashes top = new TopHashes();
        final long[] selected;

        Scratch(int hashes) {
            selected = new long[hashes];
        }

        void size(int length) {
            if (levels.length < length) {
                levels = new byte[length];
                changed = new byte[length];
                informative = new long[length];
                plain = new long[length];
            }
        }
    }

    Fingerprinter(int window, int stride, int hashes, int minTransitions, double step, ValueRange range, byte[] secret) {
        this.window = window;
        this.stride = stride;
        this.hashes = hashes;
        this.minTransitions = minTransitions;
        ValueRange r = range != null && range.max() > range.min() ? range : new ValueRange(0, 1);
        this.min = r.min();
        this.scale = 1 / (step * (r.max() - r.min()));
        this.maxLevel = (int) Math.floor(1 / step + 0.5);
        if (maxLevel > 126) throw new IllegalArgumentException("quantization step is too fine (at most 126 levels)");
        ByteBuffer keys = ByteBuffer.wrap(secret);
        long k0 = keys.getLong(), k1 = keys.getLong(), k2 = keys.getLong(), k3 = keys.getLong();
        // Mixed, so that no secret (not even all zeros) gives a degenerate base such as 1.
        this.base = mix64(k0 ^ 0x243F6A8885A308D3L) | 1L;
        this.mixKey = mix64(k1 ^ 0x13198A2E03707344L);
        this.mixMultiplier = mix64(k2 ^ 0xA4093822299F31D0L) | 1L;
        this.exact = new ExactHash(k3);
        long p = 1;
        for (int i = 0; i < window; i++) p *= base;
        this.baseToWindow = p;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(hashes));
    }

    /** The fingerprint of {@code length} values of {@code data} from {@code offset} (one item of a batch). */
    @Override
    public Fingerprint fingerprint(double[] data, int offset, int length) {
        return fingerprint(data, offset, length, exact(data, offset, length));
    }

    /** The keyed hash of the exact values, by which a bit-identical repeat is told from a near-copy. */
    int exact(double[] data, int offset, int length) {
        return exact.of(data, offset, length);
    }

    /** The exact-value hash itself, for a caller that feeds it the values in pieces while it reads them. */
    ExactHash exactHash() {
        return exact;
    }

    /** The window sample of {@code length} values of {@code data}, with the exact-repeat hash of the input as sent. */
    Fingerprint fingerprint(double[] data, int offset, int length, int exactHash) {
        Scratch s = scratch.get();
        s.size(length);
        byte[] lv = s.levels;
        byte[] changed = s.changed;
        double shift = 0.5 - min * scale;
        int previous = 0;
        for (int i = 0; i < length; i++) {
            int level = (int) (data[offset + i] * scale + shift);
            level = level < 0 ? 0 : Math.min(level, maxLevel);
            lv[i] = (byte) level;
            int diff = level ^ previous;
            changed[i] = (byte) ((diff | -diff) >>> 31);
            previous = level;
        }
        changed[0] = 0;
        long[] informative = s.informative;
        long[] plain = s.plain;
        int nInformative = 0;
        int nPlain = 0;
        int w = Math.min(window, length);
        long pow = w == window ? baseToWindow : power(w);
        long h = 0;
        int transitions = 0;
        for (int i = 0; i < w; i++) {
            h = h * base + lv[i] + 1;
            transitions += changed[i];
        }
        if (transitions >= minTransitions) informative[nInformative++] = mix(h);
        else plain[nPlain++] = h;
        int untilNext = stride;
        for (int start = 1; start + w <= length; start++) {
            h = h * base + lv[start + w - 1] + 1 - (lv[start - 1] + 1) * pow;
            transitions += changed[start + w - 1] - changed[start];
            if (--untilNext == 0) {
                untilNext = stride;
                if (transitions >= minTransitions) {
                    informative[nInformative++] = mix(h);
                } else if (nPlain == 0 || plain[nPlain - 1] != h) {
                    plain[nPlain++] = h;
                }
            }
        }
        long[] out = s.selected;
        int n = s.top.select(informative, nInformative, hashes, out, 0);
        if (n < hashes) {
            // Too few informative windows: low-information ones fill the rest (hashed only now, as this is rare).
            for (int i = 0; i < nPlain; i++) plain[i] = mix(plain[i]);
            n += s.top.select(plain, nPlain, hashes - n, out, n);
        }
        return new Fingerprint(Arrays.copyOf(out, n), exactHash);
    }

    /** The keyed finish of a window's polynomial: without the key, which windows rank highest is unpredictable. */
    private long mix(long polynomial) {
        long x = polynomial ^ mixKey;
        x = (x ^ (x >>> 32)) * mixMultiplier;
        x = (x ^ (x >>> 29)) * 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 32);
    }

    private long power(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) p *= base;
        return p;
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public int hashes() {
        return hashes;
    }
}
