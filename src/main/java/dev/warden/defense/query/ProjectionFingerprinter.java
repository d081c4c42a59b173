package dev.warden.defense.query;

import dev.warden.state.Fingerprint;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Random-projection fingerprints (sign random projections, Charikar 2002), keyed: the input, centred on the
 * mean benign input (calibrated), is projected on S x b sparse random directions drawn from the secret (each coordinate +1 or -1 with
 * probability 1/(2 sqrt(d)), else 0; Li et al. 2006); each group of b signs is one hash. Two inputs share a
 * hash with probability (1 - angle / pi)^b, so a near-copy shares most hashes and an unrelated image almost
 * none. Unlike quantized windows (Blacklight), noise on every pixel moves the angle only a little: fresh noise
 * of +-0.05 per query, which hides queries from the windows, leaves them matched here (docs/stateful.md).
 * Without the secret the directions, and so which perturbations keep a hash, cannot be predicted.
 *
 * <p>Layout: per direction, the indices of its +1 and of its -1 coordinates, so that a projection is two runs of
 * gathered additions without branches; a query costs about S b sqrt(d) additions (about 37,000 for 28x28
 * inputs with the defaults).
 */
public final class ProjectionFingerprinter implements InputFingerprinter {
    private final int bits;
    private final int hashes;
    private final int dim;
    private final double[] centre;
    private final int[][] plus;
    private final int[][] minus;
    private final ThreadLocal<double[]> centred;
    private final long[] salt;
    private final ExactHash exact;

    public ProjectionFingerprinter(double[] centre, int bits, int hashes, byte[] secret) {
        if (bits < 1 || bits > 63) throw new IllegalArgumentException("bits must be between 1 and 63");
        this.bits = bits;
        this.hashes = hashes;
        this.dim = centre.length;
        this.centre = centre.clone();
        ByteBuffer keys = ByteBuffer.wrap(secret);
        long k0 = keys.getLong(), k1 = keys.getLong(), k2 = keys.getLong(), k3 = keys.getLong();
        SplittableRandom random = new SplittableRandom(Fingerprinter.mix64(k0 ^ k1 ^ 0x3C6EF372FE94F82BL));
        double density = 1 / Math.sqrt(dim);
        this.plus = new int[hashes * bits][];
        this.minus = new int[hashes * bits][];
        int[] up = new int[dim];
        int[] down = new int[dim];
        for (int r = 0; r < plus.length; r++) {
            int np = 0, nm = 0;
            for (int i = 0; i < dim; i++) {
                if (random.nextDouble() < density) {
                    if (random.nextBoolean()) up[np++] = i;
                    else down[nm++] = i;
                }
            }
            plus[r] = java.util.Arrays.copyOf(up, np);
            minus[r] = java.util.Arrays.copyOf(down, nm);
        }
        this.centred = ThreadLocal.withInitial(() -> new double[dim]);
        this.salt = new long[hashes];
        for (int s = 0; s < hashes; s++) salt[s] = Fingerprinter.mix64(k2 + s * 0x9E3779B97F4A7C15L);
        this.exact = new ExactHash(k3);
    }

    @Override
    public Fingerprint fingerprint(double[] data, int offset, int length) {
        if (length != dim) throw new IllegalArgumentException("input has " + length + " values, the projections " + dim);
        double[] x = centred.get();
        for (int i = 0; i < dim; i++) x[i] = data[offset + i] - centre[i];
        long[] out = new long[hashes];
        int r = 0;
        for (int s = 0; s < hashes; s++) {
            long signs = 0;
            for (int b = 0; b < bits; b++, r++) {
                double sum = 0;
                for (int i : plus[r]) sum += x[i];
                for (int i : minus[r]) sum -= x[i];
                if (sum > 0) signs |= 1L << b;
            }
            // The hash's index is mixed in: the same signs in two different groups are different hashes.
            out[s] = Fingerprinter.mix64(signs ^ salt[s]);
        }
        return new Fingerprint(out, exact.of(data, offset, length));
    }

    @Override
    public int hashes() {
        return hashes;
    }
}
