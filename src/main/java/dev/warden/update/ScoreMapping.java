package dev.warden.update;

import java.util.Arrays;

/**
 * Per-class quantile mapping of the candidate's scores onto the serving version's (histogram matching, as in
 * score calibration across model versions): a candidate score s for class c becomes the serving version's
 * class-c score at the same quantile, F_old,c^-1(F_new,c(s)). Monotone per class, so rankings are kept, and a
 * threshold a client set on the old scores selects about the same share of inputs on the new ones. Fitted on
 * calibration data; each class keeps {@link #KNOTS} quantiles of both distributions and interpolates between them.
 */
public final class ScoreMapping {
    static final int KNOTS = 1001;
    private final double[][] from;
    private final double[][] to;

    private ScoreMapping(double[][] from, double[][] to) {
        this.from = from;
        this.to = to;
    }

    /** Fits the mapping of {@code candidate}'s class probabilities onto {@code serving}'s, on the same samples. */
    static ScoreMapping fit(double[][] serving, double[][] candidate) {
        int classes = serving[0].length;
        double[][] from = new double[classes][];
        double[][] to = new double[classes][];
        for (int c = 0; c < classes; c++) {
            from[c] = quantiles(column(candidate, c));
            to[c] = quantiles(column(serving, c));
        }
        return new ScoreMapping(from, to);
    }

    public static ScoreMapping of(double[][] from, double[][] to) {
        return new ScoreMapping(from, to);
    }

    public double[][] from() {
        return from;
    }

    public double[][] to() {
        return to;
    }

    public int classes() {
        return from.length;
    }

    /** The candidate's class-{@code c} score {@code s} on the serving version's scale. */
    public double map(int c, double s) {
        double[] x = from[c];
        double[] y = to[c];
        if (s <= x[0]) return y[0];
        if (s >= x[x.length - 1]) return y[y.length - 1];
        int hi = Arrays.binarySearch(x, s);
        if (hi >= 0) {
            // equal knots (ties at 0 or 1): the middle of the run, so a constant score maps to its median rank
            int lo = hi;
            while (lo > 0 && x[lo - 1] == s) lo--;
            while (hi < x.length - 1 && x[hi + 1] == s) hi++;
            return y[(lo + hi) >>> 1];
        }
        hi = -hi - 1;
        int lo = hi - 1;
        double t = (s - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }

    /**
     * A row of class scores, each mapped. Not renormalised: a threshold on a class's score must keep its meaning,
     * so the mapped row need not sum to one exactly.
     */
    public double[] mapRow(double[] probabilities) {
        double[] out = new double[probabilities.length];
        for (int c = 0; c < out.length; c++) out[c] = map(c, probabilities[c]);
        return out;
    }

    private static double[] column(double[][] rows, int c) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i][c];
        return out;
    }

    private static double[] quantiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] q = new double[KNOTS];
        for (int k = 0; k < KNOTS; k++) {
            double pos = (double) k / (KNOTS - 1) * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(sorted.length - 1, lo + 1);
            q[k] = sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
        return q;
    }
}
