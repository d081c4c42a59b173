package dev.warden.assess.attack;

/**
 * The margin loss of score-based attacks: log p(true) - max over other classes of log p. On log-probabilities
 * it equals the logit margin of Carlini and Wagner (softmax cancels), and it is negative exactly when the
 * image is misclassified. A refused answer (null) counts as no progress.
 */
final class Margin {
    private static final double FLOOR = 1e-30;

    private Margin() {
    }

    static double of(double[] probabilities, int label) {
        if (probabilities == null) return Double.POSITIVE_INFINITY;
        double other = 0;
        for (int c = 0; c < probabilities.length; c++) if (c != label) other = Math.max(other, probabilities[c]);
        return Math.log(Math.max(FLOOR, probabilities[label])) - Math.log(Math.max(FLOOR, other));
    }
}
