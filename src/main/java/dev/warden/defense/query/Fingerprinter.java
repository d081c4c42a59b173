package dev.warden.defense.query;

import dev.warden.model.ValueRange;
import dev.warden.state.Fingerprint;
import java.nio.ByteBuffer;

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
 * <p>Layout: levels in a per-thread byte array, the two S-element selections as per-thread min-heaps of longs;
 * the whole pass is one sweep over the input with no allocation but the result.
 */
final class Fingerprinter {
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
    private final long[] exactKeys = new long[4];
    private final ThreadLocal<Scratch> scratch;

    private static final class Scratch {
        byte[] levels = new byte[0];
        final TopHashes informative;
        final TopHashes plain;

        Scratch(int hashes) {
            informative = new TopHashes(hashes);
            plain = new TopHashes(hashes);
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
        this.base = keys.getLong() | 1L;
        this.mixKey = keys.getLong();
        this.mixMultiplier = keys.getLong() | 1L;
        long lanes = keys.getLong();
        for (int i = 0; i < exactKeys.length; i++) exactKeys[i] = mix64(lanes + i * 0x9E3779B97F4A7C15L) | 1L;
        long p = 1;
        for (int i = 0; i < window; i++) p *= base;
        this.baseToWindow = p;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(hashes));
    }

    /** The fingerprint of {@code length} values of {@code data} from {@code offset} (one item of a batch). */
    Fingerprint fingerprint(double[] data, int offset, int length) {
        Scratch s = scratch.get();
        if (s.levels.length < length) s.levels = new byte[length];
        byte[] lv = s.levels;
        for (int i = 0; i < length; i++) {
            int level = (int) Math.floor((data[offset + i] - min) * scale + 0.5);
            lv[i] = (byte) (level < 0 ? 0 : Math.min(level, maxLevel));
        }
        s.informative.clear();
        s.plain.clear();
        int w = Math.min(window, length);
        long pow = w == window ? baseToWindow : power(w);
        long h = 0;
        int transitions = 0;
        for (int i = 0; i < w; i++) {
            h = h * base + lv[i] + 1;
            if (i > 0 && lv[i] != lv[i - 1]) transitions++;
        }
        consider(s, h, transitions);
        int untilNext = stride;
        for (int start = 1; start + w <= length; start++) {
            int in = lv[start + w - 1];
            h = h * base + in + 1 - (lv[start - 1] + 1) * pow;
            if (lv[start] != lv[start - 1]) transitions--;
            if (in != lv[start + w - 2]) transitions++;
            if (--untilNext == 0) {
                consider(s, h, transitions);
                untilNext = stride;
            }
        }
        return new Fingerprint(s.informative.merged(s.plain), exact(data, offset, length));
    }

    private void consider(Scratch s, long polynomial, int transitions) {
        long x = polynomial ^ mixKey;
        x = (x ^ (x >>> 32)) * mixMultiplier;
        x = (x ^ (x >>> 29)) * 0xBF58476D1CE4E5B9L;
        x ^= x >>> 32;
        (transitions >= minTransitions ? s.informative : s.plain).offer(x);
    }

    /** A keyed hash of the exact values (their bits), in four independent lanes so the multiplies overlap. */
    private int exact(double[] data, int offset, int length) {
        long a = exactKeys[0], b = exactKeys[1], c = exactKeys[2], d = exactKeys[3];
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            a = (a ^ Double.doubleToRawLongBits(data[offset + i])) * exactKeys[0];
            b = (b ^ Double.doubleToRawLongBits(data[offset + i + 1])) * exactKeys[1];
            c = (c ^ Double.doubleToRawLongBits(data[offset + i + 2])) * exactKeys[2];
            d = (d ^ Double.doubleToRawLongBits(data[offset + i + 3])) * exactKeys[3];
        }
        for (; i < length; i++) a = (a ^ Double.doubleToRawLongBits(data[offset + i])) * exactKeys[0];
        long x = mix64(a) ^ Long.rotateLeft(mix64(b), 17) ^ Long.rotateLeft(mix64(c), 31) ^ Long.rotateLeft(mix64(d), 47) ^ length;
        x = mix64(x);
        return (int) (x ^ (x >>> 32));
    }

    private long power(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) p *= base;
        return p;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    int hashes() {
        return hashes;
    }
}
