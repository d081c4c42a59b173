package dev.warden.defense.smooth;

import dev.warden.guard.Decimals;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.guard.Verdict;
import dev.warden.model.Model;
import dev.warden.model.ScoresKind;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Randomized smoothing (Cohen, Rosenfeld and Kolter, ICML 2019) as a guard stage: after the model's own pass,
 * each image of the batch is classified again as {@code n} copies with Gaussian noise, all copies of the batch
 * in as few model calls as {@code batch} allows (one for a single image at the defaults). The base pass's class
 * is kept only when its share of the noisy votes is, by a Clopper-Pearson bound, above one half; then no input
 * within the certified L2 radius of this one gets another answer from the smoothed classifier. The answer's
 * scores become the vote shares (as logits when the model's scores are logits), so a score-based attack climbs
 * noisy vote counts instead of the model's margin. Abstaining images are withheld from a batch, or the query is
 * refused when all abstain. Choosing the class from the base pass rather than the votes keeps the bound valid
 * (Cohen's CERTIFY selects with samples apart from those it estimates with).
 */
public final class SmoothDefense implements Defense {
    public static final String NAME = "smooth";
    public static final String REASON = "abstain";
    /** The response parameter with each image's certificate, for tiers with decision details. */
    public static final String PARAMETER = "smooth";

    private final SmoothConfig config;
    private final Model model;
    private final String inputName;
    private final String scoresOutput;
    private final ScoresKind scoresKind;
    private final double sigma;
    private final Supplier<SplittableRandom> random;

    SmoothDefense(SmoothConfig config, Model model, String inputName, String scoresOutput, ScoresKind scoresKind,
                  double rangeWidth, Supplier<SplittableRandom> random) {
        this.config = config;
        this.model = model;
        this.inputName = inputName;
        this.scoresOutput = scoresOutput;
        this.scoresKind = scoresKind;
        this.sigma = config.sigma() * rangeWidth;
        this.random = random;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The noise's standard deviation in input units. */
    public double sigma() {
        return sigma;
    }

    @Override
    public Signal afterModel(Exchange exchange) {
        Tensor input = exchange.inputs().get(inputName);
        Tensor scores = exchange.outputs().get(scoresOutput);
        if (input == null || scores == null || !input.isNumeric() || !scores.isNumeric()) {
            throw new IllegalStateException("smooth needs input '" + inputName + "' and output '" + scoresOutput + "'");
        }
        int rows = (int) Math.max(1, input.batchSize());
        int classes = scores.size() / rows;
        int[][] votes = votes(input, rows, classes);
        double[] smoothed = new double[rows * classes];
        List<Integer> abstained = new ArrayList<>();
        List<Map<String, Object>> certificates = new ArrayList<>();
        double[] base = scores.values();
        for (int row = 0; row < rows; row++) {
            int chosen = argmax(base, row * classes, classes);
            int count = votes[row][chosen];
            double lower = Certificate.lowerBound(count, config.n(), config.alpha());
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", chosen);
            c.put("votes", count);
            c.put("n", config.n());
            c.put("p_lower", round(lower));
            if (lower > 0.5) {
                c.put("radius_l2", round(sigma * Certificate.normalQuantile(lower)));
            } else {
                abstained.add(row);
                c.put("abstain", true);
            }
            certificates.add(c);
            for (int k = 0; k < classes; k++) {
                double share = (votes[row][k] + 0.5) / (config.n() + 0.5 * classes);
                smoothed[row * classes + k] = scoresKind == ScoresKind.PROBABILITIES ? (double) votes[row][k] / config.n() : Math.log(share);
            }
        }
        Map<String, Tensor> outputs = new LinkedHashMap<>(exchange.outputs());
        outputs.put(scoresOutput, Tensor.numeric(scoresOutput, scores.datatype(), scores.shape(), smoothed));
        exchange.setOutputs(outputs);
        if (exchange.tier().decisionDetails()) exchange.putResponseParameter(PARAMETER, certificates);
        if (abstained.isEmpty()) return Signal.pass(NAME);
        String message = "no clear vote under noise (sigma " + Decimals.significant(sigma, 3) + ", " + config.n() + " copies) for inputs "
                + abstained + " of the batch";
        if (config.action().equals("flag")) return Signal.flag(NAME, 1, REASON, message);
        if (abstained.size() == rows) return new Signal(NAME, Verdict.REJECT, 1, REASON, message);
        for (int row : abstained) exchange.withhold(row, REASON);
        return Signal.flag(NAME, 1, REASON, message + ", their answers withheld");
    }

    /** votes[row][class]: how many of the row's noisy copies the model put in each class. */
    private int[][] votes(Tensor input, int rows, int classes) {
        int per = input.size() / rows;
        double[] x = input.values();
        long total = (long) rows * config.n();
        int[][] votes = new int[rows][classes];
        SplittableRandom rnd = random.get();
        long[] shape = input.shape().clone();
        for (long from = 0; from < total; from += config.batch()) {
            int m = (int) Math.min(config.batch(), total - from);
            double[] flat = new double[m * per];
            for (int j = 0; j < m; j++) {
                int row = (int) ((from + j) / config.n());
                int src = row * per, dst = j * per;
                for (int i = 0; i < per; i++) flat[dst + i] = x[src + i] + sigma * gaussian(rnd);
            }
            shape[0] = m;
            Tensor out = model.infer(Map.of(inputName, Tensor.numeric(inputName, input.datatype(), shape.clone(), flat))).get(scoresOutput);
            double[] s = out.values();
            int c = s.length / m;
            for (int j = 0; j < m; j++) {
                int row = (int) ((from + j) / config.n());
                int k = argmax(s, j * c, c);
                if (k < classes) votes[row][k]++;
            }
        }
        return votes;
    }

    private static double gaussian(SplittableRandom r) {
        // Marsaglia's polar method, one of the pair (SplittableRandom has no nextGaussian in Java 17).
        double u, v, s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    private static int argmax(double[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[from + i] > v[from + best]) best = i;
        return best;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
