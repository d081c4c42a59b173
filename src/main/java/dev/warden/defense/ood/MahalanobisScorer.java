package dev.warden.defense.ood;

/**
 * Mahalanobis confidence score (Lee et al., 2018, "A Simple Unified Framework for Detecting Out-of-Distribution
 * Samples and Adversarial Attacks"): the smallest over classes of (f - mu_c)^T P (f - mu_c), with
 * class-conditional means mu_c and the precision P of the covariance shared by all classes.
 * Layout for the hot path: P is factored once as L L^T, so each score is one triangular product W f
 * (W = L^T, upper triangular) and C squared Euclidean distances to the whitened means W mu_c, about
 * d^2/2 + C d multiply-adds instead of C d^2. W is stored packed by columns (column j of W is row j of L,
 * j + 1 values), and the product is a sequence of column updates {@code out[0..j] += W[.][j] f[j]}: independent
 * additions the JIT vectorizes, over d(d+1)/2 contiguous values with no zeros, where a row-by-row dot product
 * waits on one addition after another. Each {@code out[i]} still adds its terms in ascending j from zero, as
 * the row-by-row product did, so scores are bit-identical. The column of a zero feature is skipped (adding
 * {@code W[.][j] * 0} changes no sum): three quarters of a ReLU network's penultimate features are zeros, so
 * this reads a quarter of W. The whitened query lives in per-thread scratch.
 *
 * <p>From {@value #SINGLE_FROM} features on (production-size networks: 1,024 for MobileNetV3), W is read once
 * per query from far caches (d^2/2 values, 4 MB in doubles): there it is kept in single precision and the
 * product accumulated in single precision, twice the values per vector operation over half the bytes. Scores
 * then differ from the double-precision ones by about 1e-6 relative (MahalanobisPrecisionTest bounds it and
 * shows decisions over the bundled test images unchanged); the bundled models' smaller layers stay in doubles.
 */
final class MahalanobisScorer implements FeatureScorer {
    /** Features from which W is kept and applied in single precision. */
    static final int SINGLE_FROM = 512;

    private final int dim;
    private final int classes;
    private final double[] whiten;
    /** W in single precision, or null when it is applied in doubles. */
    private final float[] whitenSingle;
    private final double[] whitenedMeans;
    private final ThreadLocal<double[]> scratch;
    private final ThreadLocal<float[]> scratchSingle;

    MahalanobisScorer(double[] means, double[] precision, int classes, int dim) {
        this(means, precision, classes, dim, dim >= SINGLE_FROM);
    }

    /** {@code single}: W kept and applied in single precision (the whitened means are computed in doubles either way). */
    MahalanobisScorer(double[] means, double[] precision, int classes, int dim, boolean single) {
        this.dim = dim;
        this.classes = classes;
        double[] l = Cholesky.lower(precision, dim);
        this.whiten = new double[dim * (dim + 1) / 2];
        for (int j = 0, at = 0; j < dim; j++) {
            for (int i = 0; i <= j; i++) whiten[at++] = l[j * dim + i];
        }
        this.whitenedMeans = new double[classes * dim];
        double[] buf = new double[dim];
        for (int c = 0; c < classes; c++) {
            apply(means, c * dim, buf);
            System.arraycopy(buf, 0, whitenedMeans, c * dim, dim);
        }
        this.scratch = ThreadLocal.withInitial(() -> new double[dim]);
        if (single) {
            whitenSingle = new float[whiten.length];
            for (int i = 0; i < whiten.length; i++) whitenSingle[i] = (float) whiten[i];
            scratchSingle = ThreadLocal.withInitial(() -> new float[dim]);
        } else {
            whitenSingle = null;
            scratchSingle = null;
        }
    }

    /** {@link #apply} in single precision, into {@code w} as doubles. */
    private void applySingle(double[] f, int offset, double[] w) {
        float[] out = scratchSingle.get();
        java.util.Arrays.fill(out, 0);
        float[] ws = whitenSingle;
        for (int j = 0, at = 0; j < dim; j++, at += j) {
            float fj = (float) f[offset + j];
            if (fj == 0) continue;
            for (int i = 0; i <= j; i++) out[i] += ws[at + i] * fj;
        }
        for (int i = 0; i < dim; i++) w[i] = out[i];
    }

    private void apply(double[] f, int offset, double[] out) {
        java.util.Arrays.fill(out, 0, dim, 0);
        for (int j = 0, at = 0; j < dim; j++, at += j) {
            double fj = f[offset + j];
            // A zero feature adds nothing (ReLU features are mostly zeros): skipping its column changes no bit.
            if (fj == 0) continue;
            for (int i = 0; i <= j; i++) out[i] += whiten[at + i] * fj;
        }
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double score(double[] features, int offset) {
        double[] w = scratch.get();
        if (whitenSingle != null) applySingle(features, offset, w);
        else apply(features, offset, w);
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
