package dev.warden.defense.ood;

/** Cholesky factorisation and inverse of symmetric positive-definite matrices stored flat, row-major. */
final class Cholesky {
    private Cholesky() {
    }

    /** The lower-triangular L with {@code a = L L^T}. */
    static double[] lower(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * n + j];
                for (int k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                if (i == j) {
                    if (!(sum > 0)) throw new IllegalArgumentException("matrix is not positive definite (pivot " + i + " = " + sum + ")");
                    l[i * n + i] = Math.sqrt(sum);
                } else {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        return l;
    }

    /** The inverse of an SPD matrix: solves L L^T X = I column by column. */
    static double[] inverse(double[] a, int n) {
        double[] l = lower(a, n);
        double[] inv = new double[n * n];
        double[] y = new double[n];
        for (int col = 0; col < n; col++) {
            for (int i = 0; i < n; i++) {
                double sum = i == col ? 1 : 0;
                for (int k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
                y[i] = sum / l[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double sum = y[i];
                for (int k = i + 1; k < n; k++) sum -= l[k * n + i] * inv[k * n + col];
                inv[i * n + col] = sum / l[i * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double m = (inv[i * n + j] + inv[j * n + i]) / 2;
                inv[i * n + j] = m;
                inv[j * n + i] = m;
            }
        }
        return inv;
    }
}
