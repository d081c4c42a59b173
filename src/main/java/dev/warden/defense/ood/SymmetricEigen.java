package dev.warden.defense.ood;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix: Householder reduction to tridiagonal form, then the
 * implicit QL algorithm with shifts (the EISPACK routines tred2 and tql2; Wilkinson and Reinsch, "Handbook for
 * Automatic Computation", vol. 2). About 3n^3 flops: a second or two for a 1,024-feature covariance, where
 * Jacobi rotations would sweep the whole matrix many times. The QL step keeps the eigenvectors as rows, so
 * each rotation combines two contiguous arrays.
 */
final class SymmetricEigen {
    /** Eigenvalues in descending order. */
    private final double[] values;
    /** Row i is the unit eigenvector of {@code values[i]}. */
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes the symmetric {@code n x n} matrix {@code a} (flat, row-major; only read). */
    static SymmetricEigen of(double[] a, int n) {
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(a, i * n, v[i], 0, n);
        double[] d = new double[n];
        double[] e = new double[n];
        tridiagonalize(v, d, e, n);
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) z[i][k] = v[k][i];
        }
        diagonalize(z, d, e, n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(d[y], d[x]));
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        for (int i = 0; i < n; i++) {
            values[i] = d[order[i]];
            vectors[i] = z[order[i]];
        }
        return new SymmetricEigen(values, vectors);
    }

    /** The i-th largest eigenvalue. */
    double value(int i) {
        return values[i];
    }

    /** The unit eigenvector of {@link #value(int) value(i)} (not copied). */
    double[] vector(int i) {
        return vectors[i];
    }

    /** Householder reduction of the matrix in {@code v} to tridiagonal (diagonal {@code d}, subdiagonal {@code e}); {@code v} becomes the transform. */
    private static void tridiagonalize(double[][] v, double[] d, double[] e, int n) {
        for (int j = 0; j < n; j++) d[j] = v[n - 1][j];
        for (int i = n - 1; i > 0; i--) {
            double scale = 0;
            double h = 0;
            for (int k = 0; k < i; k++) scale += Math.abs(d[k]);
            if (scale == 0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = v[i - 1][j];
                    v[i][j] = 0;
                    v[j][i] = 0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    v[j][i] = f;
                    g = e[j] + v[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += v[k][j] * d[k];
                        e[k] += v[k][j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) v[k][j] -= f * e[k] + g * d[k];
                    d[j] = v[i - 1][j];
                    v[i][j] = 0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++) {
            v[n - 1][i] = v[i][i];
            v[i][i] = 1;
            double h = d[i + 1];
            if (h != 0) {
                for (int k = 0; k <= i; k++) d[k] = v[k][i + 1] / h;
                for (int j = 0; j <= i; j++) {
                    double g = 0;
                    for (int k = 0; k <= i; k++) g += v[k][i + 1] * v[k][j];
                    for (int k = 0; k <= i; k++) v[k][j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; k++) v[k][i + 1] = 0;
        }
        for (int j = 0; j < n; j++) {
            d[j] = v[n - 1][j];
            v[n - 1][j] = 0;
        }
        v[n - 1][n - 1] = 1;
        e[0] = 0;
    }

    /** Implicit QL on the tridiagonal (d, e); {@code z}'s rows (the transform's columns) become the eigenvectors. */
    private static void diagonalize(double[][] z, double[] d, double[] e, int n) {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0;
        double tst1 = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
            if (m > l) {
                int iterations = 0;
                do {
                    if (++iterations > 100) throw new IllegalStateException("eigenvalue " + l + " did not converge");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1;
                    double el1 = e[l + 1];
                    double s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        double[] zi = z[i], zi1 = z[i + 1];
                        for (int k = 0; k < n; k++) {
                            double t = zi1[k];
                            zi1[k] = s * zi[k] + c * t;
                            zi[k] = c * zi[k] - s * t;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
    }
}
