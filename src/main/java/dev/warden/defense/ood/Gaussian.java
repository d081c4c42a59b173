package dev.warden.defense.ood;

import java.util.function.IntUnaryOperator;

/** Class-conditional means and the covariance they share (linear discriminant analysis), from rows of vectors. */
final class Gaussian {
    private Gaussian() {
    }

    static double[] classMeans(double[][] x, int[] rows, IntUnaryOperator label, int classes) {
        int dim = x[0].length;
        double[] mu = new double[classes * dim];
        int[] counts = new int[classes];
        for (int i : rows) {
            int c = label.applyAsInt(i);
            counts[c]++;
            for (int j = 0; j < dim; j++) mu[c * dim + j] += x[i][j];
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) throw new IllegalArgumentException("the calibration data has no image of class " + c);
            for (int j = 0; j < dim; j++) mu[c * dim + j] /= counts[c];
        }
        return mu;
    }

    /** The covariance of the rows around their class means, plus {@code ridge} times its mean diagonal. */
    static double[] sharedCovariance(double[][] x, int[] rows, IntUnaryOperator label, double[] mu, double ridge) {
        int dim = x[0].length;
        double[] cov = new double[dim * dim];
        double[] d = new double[dim];
        for (int i : rows) {
            int c = label.applyAsInt(i);
            for (int j = 0; j < dim; j++) d[j] = x[i][j] - mu[c * dim + j];
            for (int a = 0; a < dim; a++) {
                double da = d[a];
                if (da == 0) continue;
                for (int b = 0; b <= a; b++) cov[a * dim + b] += da * d[b];
            }
        }
        double trace = 0;
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b <= a; b++) {
                double v = cov[a * dim + b] / rows.length;
                cov[a * dim + b] = v;
                cov[b * dim + a] = v;
            }
            trace += cov[a * dim + a];
        }
        double add = ridge * Math.max(trace / dim, 1e-12);
        for (int a = 0; a < dim; a++) cov[a * dim + a] += add;
        return cov;
    }
}
