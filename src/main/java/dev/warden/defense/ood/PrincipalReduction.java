package dev.warden.defense.ood;

/**
 * A probabilistic PCA of a covariance (Tipping and Bishop, 1999, "Probabilistic Principal Component
 * Analysis"): its {@code rank} leading eigenvectors ({@code basis}, rank x dim, row-major) with their
 * eigenvalues ({@code variances}), and the mean of the eigenvalues dropped ({@code residualVariance}), the
 * variance the model gives every direction outside the basis. The Gaussian it stands for has covariance
 * U diag(variances) U^T + residualVariance (I - U U^T), whose Mahalanobis distance
 * {@link ReducedMahalanobisScorer} computes in rank x dim operations instead of dim^2.
 */
record PrincipalReduction(int rank, double[] basis, double[] variances, double residualVariance) {
    PrincipalReduction {
        if (rank < 1) throw new IllegalArgumentException("rank must be >= 1, not " + rank);
        if (basis.length % rank != 0) throw new IllegalArgumentException("basis holds " + basis.length + " values, not a multiple of rank " + rank);
        if (variances.length != rank) throw new IllegalArgumentException("variances holds " + variances.length + " values, expected rank = " + rank);
        for (int i = 0; i < rank; i++) {
            if (!(variances[i] > 0) || Double.isInfinite(variances[i])) {
                throw new IllegalArgumentException("variances[" + i + "] = " + variances[i] + " is not a positive finite variance");
            }
        }
        if (!(residualVariance > 0) || Double.isInfinite(residualVariance)) {
            throw new IllegalArgumentException("residualVariance = " + residualVariance + " is not a positive finite variance");
        }
    }

    /** The leading {@code rank} components of the symmetric {@code dim x dim} covariance (rank < dim). */
    static PrincipalReduction of(double[] covariance, int dim, int rank) {
        if (rank >= dim) throw new IllegalArgumentException("rank " + rank + " leaves nothing to reduce in " + dim + " dimensions");
        SymmetricEigen eigen = SymmetricEigen.of(covariance, dim);
        double[] basis = new double[rank * dim];
        double[] variances = new double[rank];
        for (int k = 0; k < rank; k++) {
            System.arraycopy(eigen.vector(k), 0, basis, k * dim, dim);
            variances[k] = eigen.value(k);
        }
        double dropped = 0;
        for (int k = rank; k < dim; k++) dropped += eigen.value(k);
        return new PrincipalReduction(rank, basis, variances, dropped / (dim - rank));
    }

    int dim() {
        return basis.length / rank;
    }
}
