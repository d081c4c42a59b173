package dev.warden.assess.attack;

import dev.warden.guard.Reveal;
import java.util.SplittableRandom;

/**
 * SimBA-DCT, untargeted (Guo, Gardner, You, Wilson and Weinberger, "Simple Black-box Adversarial Attacks",
 * ICML 2019, Algorithm 1): for each basis direction q in a random low-frequency-first order, try x + eps q,
 * then x - eps q, and keep the first that lowers the probability of the true class. The perturbation is
 * projected onto the L-inf ball of the run (the paper bounds L2 only). Scores needed.
 */
public final class Simba implements Attack {
    public static final String NAME = "simba";
    private final SimbaParams params;

    public Simba(SimbaParams params, Reveal reveals) {
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
        int y = oracle.label();
        Dct dct = new Dct(chw[1], chw[2]);
        double[] x = x0.clone();
        double[] p = oracle.probabilities(x);
        if (p == null) return;
        double py = p[y];
        while (true) {
            int[] order = Dct.blockOrder(chw[0], chw[1], chw[2], params.freqDim(), params.stride(), random);
            for (int index : order) {
                double[] q = dct.basis(index, chw[0]);
                for (double alpha : new double[]{params.stepSize(), -params.stepSize()}) {
                    double[] candidate = new double[x.length];
                    for (int j = 0; j < x.length; j++) candidate[j] = x[j] + alpha * q[j];
                    Vectors.project(candidate, x0, params.eps());
                    double[] pc = oracle.probabilities(candidate);
                    if (pc != null && pc[y] < py) {
                        x = candidate;
                        py = pc[y];
                        if (argmax(pc) != y) return;
                        break;
                    }
                }
            }
        }
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        return best;
    }
}
