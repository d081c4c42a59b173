package dev.warden.defense.ood;

import dev.warden.defense.OnDetect;
import dev.warden.guard.Defense;
import dev.warden.guard.Decimals;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Rejects (or flags) inputs the model should never act on because they lie outside the distribution it was
 * trained on (paper, section 4.1: "anomaly detection and outlier rejection"), judged after the model ran on
 * its own penultimate features (and, if configured, the pooled input). One score per image of the batch: when
 * every image is over the threshold the query is rejected; when only some are, theirs are withheld and the
 * rest answered (flagged). The signal's score is the worst image's score over the threshold (> 1: detected).
 */
public final class OodDefense implements Defense {
    public static final String NAME = "ood";
    public static final String REASON = "out_of_distribution";
    private final LayeredScorer scorer;
    private final double threshold;
    private final String inputName;
    private final String featuresOutput;
    private final String method;
    private final OnDetect onDetect;

    OodDefense(LayeredScorer scorer, double threshold, String inputName, String featuresOutput, String method, OnDetect onDetect) {
        this.scorer = scorer;
        this.threshold = threshold;
        this.inputName = inputName;
        this.featuresOutput = featuresOutput;
        this.method = method;
        this.onDetect = onDetect;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Signal afterModel(Exchange exchange) {
        Tensor features = exchange.outputs().get(featuresOutput);
        if (features == null) throw new IllegalStateException("model returned no '" + featuresOutput + "' output");
        Tensor input = exchange.inputs().get(inputName);
        double[] f = features.values();
        double[] in = input.values();
        int rows = (int) input.batchSize();
        int worst = -1;
        double worstScore = Double.NEGATIVE_INFINITY;
        List<Integer> over = null;
        for (int row = 0; row < rows; row++) {
            double s = scorer.score(in, f, row);
            if (s > threshold) {
                if (over == null) over = new ArrayList<>(1);
                over.add(row);
            }
            if (s > worstScore) {
                worstScore = s;
                worst = row;
            }
        }
        if (over == null) return null;
        String score = method + " score " + Decimals.significant(worstScore, 4) + " over threshold " + Decimals.significant(threshold, 4);
        if (onDetect == OnDetect.REJECT && over.size() < rows) {
            for (int row : over) exchange.withhold(row, REASON);
            return Signal.flag(NAME, worstScore / threshold, REASON,
                    "inputs " + over + " of the batch are out of distribution, their answers withheld (worst: input " + worst + ", " + score + ")");
        }
        return onDetect.signal(NAME, worstScore / threshold, REASON, "input " + worst + " of the batch is out of distribution (" + score + ")");
    }

    /** The score of one image with its features (for evaluation). */
    public double score(double[] image, double[] features) {
        return scorer.score(image, features, 0);
    }

    public String method() {
        return method;
    }

    public String featuresOutput() {
        return featuresOutput;
    }

    public double threshold() {
        return threshold;
    }
}
