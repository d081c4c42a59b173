package dev.warden.assess.attack;

import dev.warden.guard.Reveal;
import dev.warden.tensor.ColumnStripes;
import java.util.SplittableRandom;

/**
 * The Square attack, untargeted, L-inf (Andriushchenko, Croce, Flammarion and Hein, "Square Attack: a
 * query-efficient black-box adversarial attack via random search", ECCV 2020): start from vertical stripes
 * of +-eps, then repeatedly set a random square window to a random vertex of the eps-box per channel, keeping
 * the change when the margin loss drops. Square sizes shrink on the paper's schedule. Scores needed.
 */
public final class Square implements Attack {
    public static final String NAME = "square";
    private static final int MAX_REDRAWS = 10;
    private static final int[] SCHEDULE = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};
    private final SquareParams params;

    public Square(SquareParams params, Reveal reveals) {
        Needs.SCORES.check(NAME, reveals);
        this.params = params;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Needs needs() {
        return Needs.SCORES;
    }

    @Override
    public Norm norm() {
        return Norm.LINF;
    }

    @Override
    public void run(Oracle oracle, SplittableRandom random) {
        double[] x0 = oracle.original();
        int[] chw = oracle.chw();
        int c = chw[0], h = chw[1], w = chw[2];
        double eps = params.eps();
        int y = oracle.label();
        double[] best = ColumnStripes.of(x0, chw, eps, random);
        double bestLoss = Margin.of(oracle.probabilities(best), y);
        for (int it = 0; it < params.maxIter() && bestLoss >= 0; it++) {
            int s = (int) Math.max(1, Math.round(Math.sqrt(fraction(it) * h * w)));
            s = Math.min(s, Math.min(h, w));
            int top = random.nextInt(h - s + 1);
            int left = random.nextInt(w - s + 1);
            double[] candidate = best.clone();
            // As in the paper's code: redraw the signs while they would leave the window as it is.
            for (int attempt = 0; attempt < MAX_REDRAWS && !changed(candidate, best, chw, top, left, s); attempt++) {
                for (int ch = 0; ch < c; ch++) {
                    double sign = random.nextBoolean() ? eps : -eps;
                    for (int row = top; row < top + s; row++) {
                        for (int col = left; col < left + s; col++) {
                            int i = (ch * h + row) * w + col;
                            candidate[i] = Math.min(1, Math.max(0, x0[i] + sign));
                        }
                    }
                }
            }
            double loss = Margin.of(oracle.probabilities(candidate), y);
            if (loss < bestLoss) {
                bestLoss = loss;
                best = candidate;
            }
        }
    }

    private static boolean changed(double[] candidate, double[] best, int[] chw, int top, int left, int s) {
        for (int ch = 0; ch < chw[0]; ch++) {
            for (int row = top; row < top + s; row++) {
                for (int col = left; col < left + s; col++) {
                    int i = (ch * chw[1] + row) * chw[2] + col;
                    if (Math.abs(candidate[i] - best[i]) > 1e-7) return true;
                }
            }
        }
        return false;
    }

    /** The share of pixels a square covers at iteration {@code it} (the paper's p_selection, scaled to maxIter). */
    double fraction(int it) {
        int scaled = (int) ((long) it * 10_000 / params.maxIter());
        double p = params.pInit();
        for (int bound : SCHEDULE) {
            if (scaled > bound) p /= 2;
        }
        return p;
    }
}
