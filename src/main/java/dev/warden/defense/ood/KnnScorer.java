package dev.warden.defense.ood;

/**
 * Deep nearest-neighbour OOD score (Sun et al., 2022, "Out-of-Distribution Detection with Deep Nearest
 * Neighbors"): the Euclidean distance from the L2-normalised feature vector to its k-th nearest neighbour
 * among normalised benign features. The bank is one flat row-major array (n x d) scanned linearly, which
 * for a few hundred rows beats any index; the k smallest distances are kept in a sorted array of k.
 */
final class KnnScorer implements FeatureScorer {
    private final double[] bank;
    private final int rows;
    private final int dim;
    private final int k;

    KnnScorer(double[] normalisedBank, int rows, int dim, int k) {
        if (k > rows) throw new IllegalArgumentException("k = " + k + " but the bank has " + rows + " vectors");
        this.bank = normalisedBank;
        this.rows = rows;
        this.dim = dim;
        this.k = k;
    }

    static void normalise(double[] v, int offset, int dim, double[] out, int outOffset) {
        double norm = 0;
        for (int j = 0; j < dim; j++) norm += v[offset + j] * v[offset + j];
        norm = Math.sqrt(norm);
        double scale = norm > 1e-12 ? 1 / norm : 0;
        for (int j = 0; j < dim; j++) out[outOffset + j] = v[offset + j] * scale;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double score(double[] features, int offset) {
        double[] q = new double[dim];
        normalise(features, offset, dim, q, 0);
        double[] nearest = new double[k];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            double d = 0;
            int base = r * dim;
            for (int j = 0; j < dim; j++) {
                double x = q[j] - bank[base + j];
                d += x * x;
            }
            if (d < nearest[k - 1]) {
                int i = k - 1;
                while (i > 0 && nearest[i - 1] > d) {
                    nearest[i] = nearest[i - 1];
                    i--;
                }
                nearest[i] = d;
            }
        }
        return Math.sqrt(nearest[k - 1]);
    }
}
