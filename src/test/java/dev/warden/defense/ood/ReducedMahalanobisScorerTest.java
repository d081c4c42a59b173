package dev.warden.defense.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The eigen solver, the probabilistic PCA it feeds, and the reduced Mahalanobis score, on synthetic Gaussians. */
class ReducedMahalanobisScorerTest {
    private static final int DIM = 60, LATENT = 8, CLASSES = 4;

    @Test
    void eigenvectorsAreOrthonormalAndSolveTheMatrix() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 40;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = r.nextDouble(-1, 1);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a, n);
        for (int i = 0; i < n; i++) {
            if (i > 0) assertThat(e.value(i)).isLessThanOrEqualTo(e.value(i - 1));
            double[] v = e.vector(i);
            for (int row = 0; row < n; row++) {
                double av = 0;
                for (int k = 0; k < n; k++) av += a[row * n + k] * v[k];
                assertThat(av).isCloseTo(e.value(i) * v[row], within(1e-10));
            }
            for (int j = 0; j <= i; j++) assertThat(dot(v, e.vector(j))).isCloseTo(i == j ? 1 : 0, within(1e-10));
        }
    }

    @Test
    void eigenDecompositionOfADiagonalMatrixWithRepeatedValues() {
        double[] a = {2, 0, 0, 0, 5, 0, 0, 0, 2};
        SymmetricEigen e = SymmetricEigen.of(a, 3);
        assertThat(new double[]{e.value(0), e.value(1), e.value(2)}).containsExactly(5, 2, 2);
        assertThat(Math.abs(e.vector(0)[1])).isCloseTo(1, within(1e-15));
    }

    @Test
    void reducedScoreIsTheMahalanobisDistanceOfThePpcaCovariance() {
        Fit fit = fit(new SplittableRandom(11), 2000);
        PrincipalReduction p = PrincipalReduction.of(fit.cov, DIM, LATENT);
        double[] ppca = new double[DIM * DIM];
        for (int i = 0; i < DIM; i++) ppca[i * DIM + i] = p.residualVariance();
        for (int k = 0; k < LATENT; k++) {
            double extra = p.variances()[k] - p.residualVariance();
            for (int i = 0; i < DIM; i++) {
                for (int j = 0; j < DIM; j++) ppca[i * DIM + j] += extra * p.basis()[k * DIM + i] * p.basis()[k * DIM + j];
            }
        }
        MahalanobisScorer exact = new MahalanobisScorer(fit.means, Cholesky.inverse(ppca, DIM), CLASSES, DIM);
        ReducedMahalanobisScorer reduced = new ReducedMahalanobisScorer(fit.means, p, CLASSES);
        double[][] test = samples(new SplittableRandom(12), 50, fit.latentMeans, fit.loadings);
        for (double[] x : test) assertThat(reduced.score(x, 0)).isCloseTo(exact.score(x, 0), within(1e-9 * exact.score(x, 0)));
    }

    @Test
    void reducedScoreRanksInputsAsTheFullOneWhereTheRankHoldsTheVariance() {
        Fit fit = fit(new SplittableRandom(21), 3000);
        MahalanobisScorer full = new MahalanobisScorer(fit.means, Cholesky.inverse(fit.cov, DIM), CLASSES, DIM);
        ReducedMahalanobisScorer reduced = new ReducedMahalanobisScorer(fit.means, PrincipalReduction.of(fit.cov, DIM, LATENT), CLASSES);
        double[][] test = samples(new SplittableRandom(22), 400, fit.latentMeans, fit.loadings);
        double[] a = new double[test.length], b = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            a[i] = full.score(test[i], 0);
            b[i] = reduced.score(test[i], 0);
        }
        assertThat(spearman(a, b)).isGreaterThan(0.97);

        double maxBenign = Arrays.stream(b).max().orElseThrow();
        SplittableRandom r = new SplittableRandom(23);
        double[] offManifold = test[0].clone();
        for (int j = 0; j < DIM; j++) offManifold[j] += r.nextGaussian() * 0.3;
        double[] farAlong = test[1].clone();
        for (int j = 0; j < DIM; j++) farAlong[j] += 25 * fit.loadings[0][j];
        for (double[] ood : new double[][]{offManifold, farAlong}) {
            assertThat(reduced.score(ood, 0)).isGreaterThan(2 * maxBenign);
            assertThat(full.score(ood, 0)).isGreaterThan(2 * Arrays.stream(a).max().orElseThrow());
        }
    }

    @Test
    void reductionRefusesBadFieldsNamingThem() {
        double[] basis = new double[2 * 5];
        assertThatThrownBy(() -> new PrincipalReduction(2, basis, new double[]{1, 0}, 0.1)).hasMessageContaining("variances[1] = 0.0");
        assertThatThrownBy(() -> new PrincipalReduction(2, basis, new double[]{1, 1}, -1)).hasMessageContaining("residualVariance = -1.0");
        assertThatThrownBy(() -> new PrincipalReduction(3, basis, new double[]{1, 1, 1}, 1)).hasMessageContaining("basis holds 10 values");
        assertThatThrownBy(() -> new ReducedMahalanobisScorer(new double[7], new PrincipalReduction(2, basis, new double[]{1, 1}, 1), 2))
                .hasMessageContaining("means hold 7 values, expected classes x dim = 10");
    }

    record Fit(double[] means, double[] cov, double[][] latentMeans, double[][] loadings) {
    }

    /** Classes in an 8-dimensional latent space (unit variance, means 3 apart) mapped into 60 dimensions, plus noise of variance 0.01. */
    private static Fit fit(SplittableRandom r, int n) {
        double[][] loadings = new double[LATENT][DIM];
        for (double[] row : loadings) for (int j = 0; j < DIM; j++) row[j] = r.nextGaussian() / Math.sqrt(DIM) * 2;
        double[][] latentMeans = new double[CLASSES][LATENT];
        for (double[] m : latentMeans) for (int k = 0; k < LATENT; k++) m[k] = r.nextGaussian() * 3;
        double[][] x = samples(r, n, latentMeans, loadings);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        double[] mu = Gaussian.classMeans(x, rows, i -> i % CLASSES, CLASSES);
        return new Fit(mu, Gaussian.sharedCovariance(x, rows, i -> i % CLASSES, mu, 0), latentMeans, loadings);
    }

    /** Row i belongs to class i % CLASSES. */
    private static double[][] samples(SplittableRandom r, int n, double[][] latentMeans, double[][] loadings) {
        double[][] x = new double[n][DIM];
        for (int i = 0; i < n; i++) {
            double[] z = latentMeans[i % CLASSES].clone();
            for (int k = 0; k < LATENT; k++) z[k] += r.nextGaussian();
            for (int j = 0; j < DIM; j++) {
                double v = r.nextGaussian() * 0.1;
                for (int k = 0; k < LATENT; k++) v += z[k] * loadings[k][j];
                x[i][j] = v;
            }
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a), rb = ranks(b);
        double n = a.length, d2 = 0;
        for (int i = 0; i < a.length; i++) d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
        return 1 - 6 * d2 / (n * (n * n - 1));
    }

    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[order[i]] = i;
        return r;
    }
}
