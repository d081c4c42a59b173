package dev.warden.defense.ood;

/**
 * Mahalanobis confidence score (Lee et al., 2018, "A Simple Unified Framework for Detecting Out-of-Distribution
 * Samples and Adversarial Attacks"): the smallest over classes of (f - mu_c)^T P (f - mu_c), with
 * class-conditional means mu_c and the precision P of the covariance shared by all classes.
 * Layout for the hot path: P is factored once as L L^T, so each score is one triangular product W f
 * (W = L^T, upper triangular) and C squared Euclidean distances to the whitened means W mu_c, about
 * d^2/2 + C d multiply-adds instead of C d^2. W is kept as its columns, one array each (column j of W is row j
 * of L, j + 1 values), and the product is a sequence of column updates {@code out[0..j] += W[.][j] f[j]}:
 * independent additions where a row-by-row dot product waits on one addition after another. Each column is its
 * own array, indexed like {@code out} from 0, because that is the loop shape C2 (JDK 17) vectorizes; over one
 * packed array with a moving offset it ran scalar, two to four times slower. Each {@code out[i]} still adds its
 * terms in ascending j from zero, as the row-by-row product did, so scores are bit-identical. The column of a
 * zero feature is skipped (adding {@code W[.][j] * 0} changes no sum): three quarters of a ReLU network's
 * penultimate features are zeros, so this reads a quarter of W. The whitened query lives in per-thread scratch.
 *
 * <p>W stays in doubles: whitening by a precision matrix with a wide range of eigenvalues leaves W f and the
 * whitened means large and close, and their difference cancels most digits (single precision moved the
 * scores of a 1,024-feature MobileNetV3 by a factor of 60).
 */
final class MahalanobisScorer implements FeatureScorer {
    private final int dim;
    private final int classes;
    /** Column j of W (j + 1 values). */
    private final double[][] columns;
    private final double[] whitenedMeans;
    private final ThreadLocal<double[]> scratch;

    MahalanobisScorer(double[] means, double[] precision, int classes, int dim) {
        this.dim = dim;
        this.classes = classes;
        double[] l = Cholesky.lower(precision, dim);
        this.columns = new double[dim][];
        for (int j = 0; j < dim; j++) columns[j] = java.util.Arrays.copyOfRange(l, j * dim, j * dim + j + 1);
        this.whitenedMeans = new double[classes * dim];
        double[] buf = new double[dim];
        for (int c = 0; c < classes; c++) {
            apply(means, c * dim, buf);
            System.arraycopy(buf, 0, whitenedMeans, c * dim, dim);
        }
        this.scratch = ThreadLocal.withInitial(() -> new double[dim]);
    }

    private void apply(double[] f, int offset, double[] out) {
        java.util.Arrays.fill(out, 0, dim, 0);
        for (int j = 0; j < dim; j++) {
            double fj = f[offset + j];
            // A zero feature adds nothing (ReLU features are mostly zeros): skipping its column changes no bit.
            if (fj == 0) continue;
            double[] column = columns[j];
            for (int i = 0; i < column.length; i++) out[i] += column[i] * fj;
        }
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double score(double[] features, int offset) {
        double[] w = scratch.get();
        apply(features, offset, w);
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double d = 0;
            int base = c * dim;
            for (int j = 0; j < dim; j++) {
                double x = w[j] - whitenedMeans[base + j];
                d += x * x;
            }
            if (d < best) best = d;
        }
        return best;
    }
}
