package dev.warden.defense.crosscheck;

import dev.warden.defense.OnDetect;
import dev.warden.guard.Decimals;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.tensor.Tensor;
import java.util.List;

/**
 * Lets several views of an input sanity-check each other (paper, section 4.1: "whether more models working
 * together increases the adversary's work factor"): the model on squeezed copies of the input, and other
 * models on the input itself. An adversarial example tuned to one model at one precision tends to lose its
 * effect under squeezing or on another model. Each view's L1 disagreement is divided by its benign scale
 * and the views are summed (a max over several noisy views would inflate the threshold: measured in
 * docs/defenses.md); a sum over the calibrated threshold flags or rejects.
 */
public final class CrosscheckDefense implements Defense {
    public static final String NAME = "crosscheck";
    public static final String REASON = "model_disagreement";
    private final CrosscheckScorer scorer;
    private final double[] scales;
    private final double threshold;
    private final String inputName;
    private final String scoresOutput;
    private final OnDetect onDetect;

    CrosscheckDefense(CrosscheckScorer scorer, List<Double> scales, double threshold, String inputName, String scoresOutput,
                      OnDetect onDetect) {
        this.scorer = scorer;
        this.scales = scales.stream().mapToDouble(Double::doubleValue).toArray();
        this.threshold = threshold;
        this.inputName = inputName;
        this.scoresOutput = scoresOutput;
        this.onDetect = onDetect;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Signal afterModel(Exchange exchange) {
        Tensor input = exchange.inputs().get(inputName);
        Tensor scores = exchange.outputs().get(scoresOutput);
        if (input == null || scores == null) throw new IllegalStateException("crosscheck needs input '" + inputName + "' and output '" + scoresOutput + "'");
        double[][] s = scorer.scores(input, scores);
        double worst = Double.NEGATIVE_INFINITY;
        int worstRow = 0;
        for (int row = 0; row < s[0].length; row++) {
            double v = 0;
            for (int c = 0; c < s.length; c++) v += s[c][row] / scales[c];
            if (v > worst) {
                worst = v;
                worstRow = row;
            }
        }
        int worstComponent = 0;
        for (int c = 1; c < s.length; c++) {
            if (s[c][worstRow] / scales[c] > s[worstComponent][worstRow] / scales[worstComponent]) worstComponent = c;
        }
        if (!(worst > threshold)) return null;
        return onDetect.signal(NAME, worst / threshold, REASON, "input " + worstRow + " of the batch: the views disagree (score "
                + Decimals.fixed(worst, 3) + " over " + Decimals.fixed(threshold, 3) + "; most under " + scorer.componentNames().get(worstComponent)
                + ": L1 " + Decimals.fixed(s[worstComponent][worstRow], 3) + " between probabilities)");
    }

    /** The combined score of each image (the sum of scaled components; > threshold: detected), for evaluation. */
    public double[] scores(Tensor input, Tensor modelScores) {
        return CrosscheckCalibration.combine(scorer.scores(input, modelScores), scales);
    }

    public double threshold() {
        return threshold;
    }

    public List<String> components() {
        return scorer.componentNames();
    }
}
