package dev.warden.defense.query;

/**
 * A keyed hash of an input's exact values (their bits), so that a bit-identical repeat (a retry, which tells
 * an attacker nothing new) can be told from a near-copy. Four independent lanes, so the multiplies overlap.
 * The values may also be fed in pieces ({@link #start}, {@link #feed}, {@link #finish}) while another pass reads
 * them, for one pass over a large input: pieces whose lengths are multiples of four but the last give the
 * same hash as {@link #of} over the whole.
 */
final class ExactHash {
    private final long[] keys = new long[4];

    ExactHash(long secretWord) {
        long lanes = Fingerprinter.mix64(secretWord ^ 0x082EFA98EC4E6C89L);
        for (int i = 0; i < keys.length; i++) keys[i] = Fingerprinter.mix64(lanes + i * 0x9E3779B97F4A7C15L) | 1L;
    }

    int of(double[] data, int offset, int length) {
        long a = keys[0], b = keys[1], c = keys[2], d = keys[3];
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            a = (a ^ Double.doubleToRawLongBits(data[offset + i])) * keys[0];
            b = (b ^ Double.doubleToRawLongBits(data[offset + i + 1])) * keys[1];
            c = (c ^ Double.doubleToRawLongBits(data[offset + i + 2])) * keys[2];
            d = (d ^ Double.doubleToRawLongBits(data[offset + i + 3])) * keys[3];
        }
        for (; i < length; i++) a = (a ^ Double.doubleToRawLongBits(data[offset + i])) * keys[0];
        return finish(a, b, c, d, length);
    }

    /** Sets {@code lanes} (four) to the hash of nothing. */
    void start(long[] lanes) {
        System.arraycopy(keys, 0, lanes, 0, 4);
    }

    /** Adds {@code length} values to {@code lanes}; every piece but the last must hold a multiple of four. */
    void feed(long[] lanes, double[] data, int offset, int length) {
        long a = lanes[0], b = lanes[1], c = lanes[2], d = lanes[3];
        long k0 = keys[0], k1 = keys[1], k2 = keys[2], k3 = keys[3];
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            a = (a ^ Double.doubleToRawLongBits(data[offset + i])) * k0;
            b = (b ^ Double.doubleToRawLongBits(data[offset + i + 1])) * k1;
            c = (c ^ Double.doubleToRawLongBits(data[offset + i + 2])) * k2;
            d = (d ^ Double.doubleToRawLongBits(data[offset + i + 3])) * k3;
        }
        for (; i < length; i++) a = (a ^ Double.doubleToRawLongBits(data[offset + i])) * k0;
        lanes[0] = a;
        lanes[1] = b;
        lanes[2] = c;
        lanes[3] = d;
    }

    /** The hash of the {@code length} values fed to {@code lanes}. */
    int finish(long[] lanes, int length) {
        return finish(lanes[0], lanes[1], lanes[2], lanes[3], length);
    }

    private static int finish(long a, long b, long c, long d, int length) {
        long x = Fingerprinter.mix64(a) ^ Long.rotateLeft(Fingerprinter.mix64(b), 17) ^ Long.rotateLeft(Fingerprinter.mix64(c), 31)
                ^ Long.rotateLeft(Fingerprinter.mix64(d), 47) ^ length;
        x = Fingerprinter.mix64(x);
        return (int) (x ^ (x >>> 32));
    }
}
