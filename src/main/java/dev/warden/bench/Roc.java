package dev.warden.bench;

import java.util.Arrays;

/** Detection figures from scores where higher means "more suspicious": AUROC and rates at a threshold. */
public final class Roc {
    private Roc() {
    }

    /** Area under the ROC curve: the probability that a positive scores above a negative, ties counting half. */
    public static double auroc(double[] negatives, double[] positives) {
        double[] neg = negatives.clone();
        Arrays.sort(neg);
        double sum = 0;
        for (double p : positives) {
            int below = lowerBound(neg, p);
            int notAbove = upperBound(neg, p);
            sum += below + 0.5 * (notAbove - below);
        }
        return sum / ((double) negatives.length * positives.length);
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
