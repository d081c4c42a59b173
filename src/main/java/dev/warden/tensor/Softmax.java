package dev.warden.tensor;

/** Numerically stable softmax and arg-max over the rows of a [N, C] score matrix stored flat. */
public final class Softmax {
    private Softmax() {
    }

    public static double[] rows(double[] logits, int classes) {
        double[] out = new double[logits.length];
        for (int start = 0; start < logits.length; start += classes) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, logits[start + c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(logits[start + c] - max);
                out[start + c] = e;
                sum += e;
            }
            for (int c = 0; c < classes; c++) out[start + c] /= sum;
        }
        return out;
    }

    public static int argmax(double[] scores, int row, int classes) {
        int start = row * classes;
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (scores[start + c] > scores[start + best]) best = c;
        }
        return best;
    }
}
