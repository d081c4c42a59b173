package dev.warden.calibrate;

import java.util.Arrays;

/** Detection thresholds from benign scores: the smallest threshold that flags at most a target share of them. */
public final class Thresholds {
    private Thresholds() {
    }

    /**
     * The threshold t such that at most {@code fpr} of {@code benign} scores are {@code > t}: the score at rank
     * floor(n * fpr) from the top (ties stay below the threshold).
     */
    public static double atFalsePositiveRate(double[] benign, double fpr) {
        if (benign.length == 0) throw new IllegalArgumentException("no benign scores to calibrate on");
        if (!(fpr >= 0 && fpr < 1)) throw new IllegalArgumentException("false-positive rate must be in [0, 1)");
        double[] sorted = benign.clone();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(sorted.length * fpr);
        return sorted[sorted.length - 1 - allowed];
    }

    /** The share of {@code scores} strictly above {@code threshold}. */
    public static double rateAbove(double[] scores, double threshold) {
        if (scores.length == 0) return 0;
        int n = 0;
        for (double s : scores) if (s > threshold) n++;
        return (double) n / scores.length;
    }
}
