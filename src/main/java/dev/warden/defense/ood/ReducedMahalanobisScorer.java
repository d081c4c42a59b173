package dev.warden.defense.ood;

/**
 * The Mahalanobis score of {@link MahalanobisScorer} under the probabilistic-PCA Gaussian of a
 * {@link PrincipalReduction}: the smallest over classes of the whitened distance to mu_c inside the basis,
 * sum_k (u_k . (f - mu_c))^2 / variance_k, plus the squared norm of what the basis leaves of f - mu_c divided
 * by the residual variance. The residual's norm is ||f - mu_c||^2 less the basis part, sum_k variance_k
 * times the whitened coordinate squared, so the product with the basis is done once per query
 * (rank x dim multiply-adds) and each class costs dim + 3 rank. The product has the layout of
 * {@link MahalanobisScorer}'s whitening (one array per feature, zero features skipped), for the same reason:
 * it is the loop shape C2 vectorizes.
 */
final class ReducedMahalanobisScorer implements FeatureScorer {
    private final int dim;
    private final int rank;
    private final int classes;
    private final double[] means;
    /** Column j: feature j's coefficient in each whitened coordinate, u_k[j] / sqrt(variance_k) (rank values). */
    private final double[][] columns;
    private final double[] whitenedMeans;
    private final double[] variances;
    private final double residualPrecision;
    private final ThreadLocal<double[]> scratch;

    ReducedMahalanobisScorer(double[] means, PrincipalReduction reduction, int classes) {
        this.dim = reduction.dim();
        this.rank = reduction.rank();
        this.classes = classes;
        if (means.length != classes * dim) {
            throw new IllegalArgumentException("means hold " + means.length + " values, expected classes x dim = " + classes * dim);
        }
        this.means = means.clone();
        this.variances = reduction.variances().clone();
        this.residualPrecision = 1 / reduction.residualVariance();
        double[] basis = reduction.basis();
        this.columns = new double[dim][rank];
        for (int k = 0; k < rank; k++) {
            double norm = 1 / Math.sqrt(variances[k]);
            for (int j = 0; j < dim; j++) columns[j][k] = basis[k * dim + j] * norm;
        }
        this.whitenedMeans = new double[classes * rank];
        double[] buf = new double[rank];
        for (int c = 0; c < classes; c++) {
            whiten(means, c * dim, buf);
            System.arraycopy(buf, 0, whitenedMeans, c * rank, rank);
        }
        this.scratch = ThreadLocal.withInitial(() -> new double[rank]);
    }

    private void whiten(double[] f, int offset, double[] out) {
        java.util.Arrays.fill(out, 0, rank, 0);
        for (int j = 0; j < dim; j++) {
            double fj = f[offset + j];
            if (fj == 0) continue;
            double[] column = columns[j];
            for (int k = 0; k < rank; k++) out[k] += column[k] * fj;
        }
    }

    @Override
    public int dim() {
        return dim;
    }

    int rank() {
        return rank;
    }

    @Override
    public double score(double[] features, int offset) {
        double[] w = scratch.get();
        whiten(features, offset, w);
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double total = 0;
            int base = c * dim;
            for (int j = 0; j < dim; j++) {
                double x = features[offset + j] - means[base + j];
                total += x * x;
            }
            double inside = 0;
            double explained = 0;
            int wbase = c * rank;
            for (int k = 0; k < rank; k++) {
                double x = w[k] - whitenedMeans[wbase + k];
                double x2 = x * x;
                inside += x2;
                explained += variances[k] * x2;
            }
            double d = inside + Math.max(0, total - explained) * residualPrecision;
            if (d < best) best = d;
        }
        return best;
    }
}
