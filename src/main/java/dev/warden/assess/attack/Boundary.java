package dev.warden.assess.attack;

import dev.warden.guard.Reveal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Boundary attack, untargeted (Brendel, Rauber and Bethge, "Decision-Based Adversarial Attacks", ICLR
 * 2018), following ART: from a random adversarial image, walk along the decision boundary by random steps
 * orthogonal to the direction of the original, then step towards the original, each step size adapted
 * (a trust region) from how many of a batch of candidates stay adversarial. Labels only; L2.
 */
public final class Boundary implements Attack {
    public static final String NAME = "boundary";
    private static final double LOW_RATIO = 0.2;
    private static final double HIGH_RATIO = 0.5;
    private final BoundaryParams params;

    public Boundary(BoundaryParams params, Reveal reveals) {
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
        double[] adv = Start.find(oracle, random, params.initSize());
        if (adv == null) return;
        double delta = params.delta();
        double epsilon = params.epsilon();
        for (int iter = 0; iter < params.maxIter(); iter++) {
            List<double[]> survivors = null;
            for (int trial = 0; trial < params.numTrial() && survivors == null; trial++) {
                List<double[]> candidates = new ArrayList<>(params.sampleSize());
                for (int i = 0; i < params.sampleSize(); i++) {
                    double[] c = orthogonalPerturbation(delta, adv, x0, random);
                    for (int j = 0; j < c.length; j++) c[j] = adv[j] + c[j];
                    candidates.add(Vectors.clip(c, 0, 1));
                }
                boolean[] ok = oracle.adversarial(candidates);
                double ratio = ratio(ok);
                if (ratio < LOW_RATIO) delta *= params.stepAdapt();
                else if (ratio > HIGH_RATIO) delta /= params.stepAdapt();
                if (ratio > 0) survivors = kept(candidates, ok);
            }
            if (survivors == null) return;
            double[] best = null;
            for (int trial = 0; trial < params.numTrial() && best == null; trial++) {
                List<double[]> candidates = new ArrayList<>(survivors.size());
                for (double[] s : survivors) {
                    double[] c = new double[s.length];
                    for (int j = 0; j < c.length; j++) c[j] = s[j] + epsilon * (x0[j] - s[j]);
                    candidates.add(Vectors.clip(c, 0, 1));
                }
                boolean[] ok = oracle.adversarial(candidates);
                double ratio = ratio(ok);
                if (ratio < LOW_RATIO) epsilon *= params.stepAdapt();
                else if (ratio > HIGH_RATIO) epsilon /= params.stepAdapt();
                if (ratio > 0) best = closest(x0, kept(candidates, ok));
            }
            if (best == null) return;
            adv = best;
        }
    }

    /** A random step of relative size delta, projected onto the sphere around the original (ART's _orthogonal_perturb). */
    static double[] orthogonalPerturbation(double delta, double[] current, double[] original, SplittableRandom random) {
        int d = current.length;
        double[] p = Vectors.gaussian(d, random);
        double dist = Vectors.l2(original, current);
        double scale = delta * dist / Vectors.norm(p);
        double[] dir = new double[d];
        for (int j = 0; j < d; j++) {
            p[j] *= scale;
            dir[j] = (original[j] - current[j]) / dist;
        }
        double dot = 0;
        for (int j = 0; j < d; j++) dot += p[j] * dir[j];
        double hyp = Math.sqrt(1 + delta * delta);
        for (int j = 0; j < d; j++) {
            p[j] -= dot * dir[j];
            p[j] = ((1 - hyp) * (current[j] - original[j]) + p[j]) / hyp;
        }
        return p;
    }

    private static double ratio(boolean[] ok) {
        int n = 0;
        for (boolean b : ok) if (b) n++;
        return (double) n / ok.length;
    }

    private static List<double[]> kept(List<double[]> candidates, boolean[] ok) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < ok.length; i++) if (ok[i]) out.add(candidates.get(i));
        return out;
    }

    private static double[] closest(double[] x0, List<double[]> candidates) {
        double[] best = null;
        double bestDist = Double.POSITIVE_INFINITY;
        for (double[] c : candidates) {
            double dist = Vectors.l2(x0, c);
            if (dist < bestDist) {
                bestDist = dist;
                best = c;
            }
        }
        return best;
    }
}
