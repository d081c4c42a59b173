package dev.warden.assess.attack;

import dev.warden.guard.Reveal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * NES + PGD, untargeted, L-inf (Ilyas, Engstrom, Athalye and Lin, "Black-box Adversarial Attacks with
 * Limited Queries and Information", ICML 2018): estimate the gradient of the margin loss from antithetic
 * Gaussian samples, g = sum_i (L(x + s u_i) - L(x - s u_i)) u_i / (2 s n), then step x <- Proj(x - eta sign g)
 * onto the eps-ball. Every sample is itself projected, so any misclassified sample is a valid result.
 */
public final class Nes implements Attack {
    public static final String NAME = "nes";
    private final NesParams params;

    public Nes(NesParams params, Reveal reveals) {
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
        int y = oracle.label();
        int d = x0.length;
        int pairs = params.samples() / 2;
        double sigma = params.sigma();
        double[] x = x0.clone();
        while (true) {
            double[][] u = new double[pairs][];
            List<double[]> batch = new ArrayList<>(params.samples());
            for (int i = 0; i < pairs; i++) {
                u[i] = Vectors.gaussian(d, random);
                double[] plus = new double[d];
                double[] minus = new double[d];
                for (int j = 0; j < d; j++) {
                    plus[j] = x[j] + sigma * u[i][j];
                    minus[j] = x[j] - sigma * u[i][j];
                }
                batch.add(Vectors.project(plus, x0, params.eps()));
                batch.add(Vectors.project(minus, x0, params.eps()));
            }
            double[][] p = oracle.probabilities(batch);
            double[] grad = new double[d];
            for (int i = 0; i < pairs; i++) {
                double lp = Margin.of(p[2 * i], y);
                double lm = Margin.of(p[2 * i + 1], y);
                if (lp < 0 || lm < 0) return;
                if (Double.isInfinite(lp) || Double.isInfinite(lm)) continue;
                double w = (lp - lm) / (2 * sigma * pairs);
                for (int j = 0; j < d; j++) grad[j] += w * u[i][j];
            }
            for (int j = 0; j < d; j++) x[j] -= params.stepSize() * Math.signum(grad[j]);
            Vectors.project(x, x0, params.eps());
        }
    }
}
