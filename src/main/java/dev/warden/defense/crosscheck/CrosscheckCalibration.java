package dev.warden.defense.crosscheck;

import java.util.List;

/**
 * Fitted cross-check thresholds: per component (squeezer or model, in order) the scale its L1 score is
 * divided by (its own 1 - targetFpr quantile on the benign images), and the threshold on the sum of the
 * scaled scores, set so that at most targetFpr of the benign images exceed it ({@code benignRate} as measured).
 */
public record CrosscheckCalibration(List<String> components, List<Double> scales, double threshold, int images,
                                    double benignRate) {
    /** The sum over components of each row's scaled score: {@code scores[component][row] / scales[component]}. */
    static double[] combine(double[][] scores, double[] scales) {
        double[] out = new double[scores[0].length];
        for (int c = 0; c < scores.length; c++) {
            for (int row = 0; row < out.length; row++) out[row] += scores[c][row] / scales[c];
        }
        return out;
    }
}
