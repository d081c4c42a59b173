package dev.warden.assess.attack;

import dev.warden.guard.Reveal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * HopSkipJump, untargeted, L2 (Chen, Jordan and Wainwright, "HopSkipJumpAttack: A Query-Efficient
 * Decision-Based Attack", IEEE S&P 2020), following ART's implementation: from a random adversarial image,
 * repeat (1) a binary search towards the original onto the decision boundary, (2) a Monte Carlo estimate of
 * the boundary's normal from the labels of points sampled on a small sphere around the boundary point, and
 * (3) a geometric step-size search along it. Labels only.
 */
public final class HopSkipJump implements Attack {
    public static final String NAME = "hsj";
    private static final double INIT_THRESHOLD = 0.001;
    private static final int MAX_HALVINGS = 40;
    private final HopSkipJumpParams params;

    public HopSkipJump(HopSkipJumpParams params, Reveal reveals) {
        Needs.LABELS.check(NAME, reveals);
        this.params = params;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Needs needs() {
        return Needs.LABELS;
    }

    @Override
    public Norm norm() {
        return Norm.L2;
    }

    @Override
    public void run(Oracle oracle, SplittableRandom random) {
        double[] x0 = oracle.original();
        int d = x0.length;
        double theta = 0.01 / Math.sqrt(d);
        double[] current = Start.find(oracle, random, params.initSize());
        if (current == null) return;
        current = binarySearch(oracle, x0, current, INIT_THRESHOLD);
        for (int t = 0; t < params.maxIter(); t++) {
            double delta = t == 0 ? 0.1 : Math.sqrt(d) * theta * Vectors.l2(x0, current);
            current = binarySearch(oracle, x0, current, theta);
            int evals = (int) Math.min(params.initEval() * Math.sqrt(t + 1), params.maxEval());
            double[] update = estimateDirection(oracle, current, evals, delta, random);
            double eps = 2.0 * Vectors.l2(x0, current) / Math.sqrt(t + 1);
            double[] next = current;
            for (int h = 0; h < MAX_HALVINGS; h++) {
                eps /= 2;
                double[] candidate = step(current, update, eps);
                if (oracle.adversarial(candidate)) {
                    next = candidate;
                    break;
                }
            }
            current = next;
        }
    }

    /** The adversarial end of a bisection between the original (alpha 0) and an adversarial image (alpha 1). */
    static double[] binarySearch(Oracle oracle, double[] x0, double[] adversarial, double threshold) {
        double lo = 0, hi = 1;
        while (hi - lo > threshold) {
            double mid = (lo + hi) / 2;
            if (oracle.adversarial(Vectors.lerp(x0, adversarial, mid))) hi = mid;
            else lo = mid;
        }
        return Vectors.lerp(x0, adversarial, hi);
    }

    private static double[] estimateDirection(Oracle oracle, double[] x, int evals, double delta, SplittableRandom random) {
        int d = x.length;
        List<double[]> samples = new ArrayList<>(evals);
        double[][] directions = new double[evals][];
        for (int i = 0; i < evals; i++) {
            double[] u = Vectors.gaussian(d, random);
            double n = Vectors.norm(u);
            double[] sample = new double[d];
            for (int j = 0; j < d; j++) sample[j] = Math.min(1, Math.max(0, x[j] + delta * u[j] / n));
            for (int j = 0; j < d; j++) u[j] = (sample[j] - x[j]) / delta;
            samples.add(sample);
            directions[i] = u;
        }
        boolean[] adversarial = oracle.adversarial(samples);
        double mean = 0;
        for (boolean a : adversarial) mean += a ? 1 : -1;
        mean /= evals;
        double[] grad = new double[d];
        for (int i = 0; i < evals; i++) {
            double f = adversarial[i] ? 1 : -1;
            double w = mean == 1.0 || mean == -1.0 ? mean : f - mean;
            for (int j = 0; j < d; j++) grad[j] += w * directions[i][j];
        }
        double n = Vectors.norm(grad);
        if (n > 0) for (int j = 0; j < d; j++) grad[j] /= n;
        return grad;
    }

    private static double[] step(double[] x, double[] direction, double eps) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) out[j] = Math.min(1, Math.max(0, x[j] + eps * direction[j]));
        return out;
    }
}
