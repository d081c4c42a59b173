package dev.warden.defense.query;

/**
 * A keyed hash of an input's exact values (their bits), so that a bit-identical repeat (a retry, which tells
 * an attacker nothing new) can be told from a near-copy. Four independent lanes, so the multiplies overlap.
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
        long x = Fingerprinter.mix64(a) ^ Long.rotateLeft(Fingerprinter.mix64(b), 17) ^ Long.rotateLeft(Fingerprinter.mix64(c), 31)
                ^ Long.rotateLeft(Fingerprinter.mix64(d), 47) ^ length;
        x = Fingerprinter.mix64(x);
        return (int) (x ^ (x >>> 32));
    }
}
