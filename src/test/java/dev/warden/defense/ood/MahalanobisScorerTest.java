package dev.warden.defense.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MahalanobisScorerTest {
    private static double[] randomSpd(int n, SplittableRandom r) {
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble(-1, 1);
        double[] spd = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += a[i * n + k] * a[j * n + k];
                spd[i * n + j] = s + (i == j ? n : 0);
            }
        }
        return spd;
    }

    @Test
    void whitenedScoreEqualsTheQuadraticFormAtTheNearestClass() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 6, classes = 3;
        double[] precision = randomSpd(n, r);
        double[] means = new double[classes * n];
        for (int i = 0; i < means.length; i++) means[i] = r.nextDouble(-2, 2);
        MahalanobisScorer scorer = new MahalanobisScorer(means, precision, classes, n);
        for (int trial = 0; trial < 20; trial++) {
            double[] f = new double[n];
            for (int i = 0; i < n; i++) f[i] = r.nextDouble(-3, 3);
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double q = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) q += (f[i] - means[c * n + i]) * precision[i * n + j] * (f[j] - means[c * n + j]);
                }
                best = Math.min(best, q);
            }
            assertThat(scorer.score(f, 0)).isCloseTo(best, within(1e-9 * Math.max(1, best)));
        }
    }

    @Test
    void inverseTimesMatrixIsIdentity() {
        int n = 5;
        double[] a = randomSpd(n, new SplittableRandom(3));
        double[] inv = Cholesky.inverse(a, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
                assertThat(s).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
    }

    @Test
    void knnScoreIsTheDistanceToTheKthNearestNormalisedVector() {
        double[] bank = {1, 0, 0, 1, -1, 0};
        KnnScorer knn = new KnnScorer(bank, 3, 2, 2);
        assertThat(knn.score(new double[]{5, 0}, 0)).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(new KnnScorer(bank, 3, 2, 1).score(new double[]{0, 3}, 0)).isCloseTo(0, within(1e-12));
    }

    @Test
    void pooledInputAveragesBlocksAndAppendsTheLargestValue() {
        double[] img = new double[16];
        img[0] = 1;
        img[5] = 0.5;
        double[] p = OodLayer.pooled(img, 0, new int[]{1, 4, 4}, 2);
        assertThat(p).containsExactly(0.375, 0, 0, 0, 1);
    }

    /** The product over every column, zero features included, as the scorer computed it before it skipped them. */
    private static double everyColumn(double[] means, double[] precision, int classes, int n, double[] f) {
        double[] l = Cholesky.lower(precision, n);
        double[] z = new double[n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) z[i] += l[j * n + i] * f[j];
        }
        double[] wm = new double[classes * n];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i <= j; i++) wm[c * n + i] += l[j * n + i] * means[c * n + j];
            }
        }
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double d = 0;
            for (int j = 0; j < n; j++) {
                double x = z[j] - wm[c * n + j];
                d += x * x;
            }
            if (d < best) best = d;
        }
        return best;
    }

    @Test
    void skippingZeroFeaturesChangesNoBitOfTheScore() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 40, classes = 4;
        double[] precision = randomSpd(n, r);
        double[] means = new double[classes * n];
        for (int i = 0; i < means.length; i++) means[i] = r.nextDouble(-2, 2);
        MahalanobisScorer scorer = new MahalanobisScorer(means, precision, classes, n);
        for (int trial = 0; trial < 50; trial++) {
            double[] f = new double[n];
            // ReLU-like: about three quarters exact zeros, negative zeros among them.
            for (int i = 0; i < n; i++) f[i] = r.nextInt(4) == 0 ? r.nextDouble(0, 3) : (r.nextBoolean() ? 0.0 : -0.0);
            assertThat(scorer.score(f, 0)).isEqualTo(everyColumn(means, precision, classes, n, f));
        }
    }

    @Test
    void pooledInputIsBitIdenticalToCellByCellAccumulation() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] shapes = {{1, 28, 28, 4}, {3, 32, 32, 3}, {2, 10, 7, 2}};
        for (int[] s : shapes) {
            int c = s[0], h = s[1], w = s[2], pool = s[3];
            double[] batch = new double[2 * c * h * w];
            for (int i = 0; i < batch.length; i++) batch[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble();
            for (int row = 0; row < 2; row++) {
                int ph = h / pool, pw = w / pool;
                double[] want = new double[c * ph * pw + 1];
                double max = Double.NEGATIVE_INFINITY;
                int base = row * c * h * w;
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < ph * pool; y++) {
                        for (int x = 0; x < pw * pool; x++) {
                            want[ch * ph * pw + (y / pool) * pw + x / pool] += batch[base + ch * h * w + y * w + x] * (1.0 / (pool * pool));
                        }
                    }
                }
                for (int i = base; i < base + c * h * w; i++) max = Math.max(max, batch[i]);
                want[want.length - 1] = max;
                assertThat(OodLayer.pooled(batch, row, new int[]{c, h, w}, pool)).containsExactly(want);
            }
        }
    }
}
