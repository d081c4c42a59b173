package dev.warden.fuzz.mutate;

import java.util.SplittableRandom;

/**
 * Tabular inputs: one feature moved by a step of at most a fraction of its calibration range, and kept inside
 * that range (a value a real record could have), not merely inside the model's input range.
 */
final class FeaturePerturbation implements Mutator {
    @Override
    public String kind() {
        return "feature";
    }

    @Override
    public Mutation draw(SplittableRandom r, MutationLimits l, InputSpace s) {
        return Mutation.of("feature", "index", r.nextInt(s.size()), "step", Photometric.round(r.nextDouble(-l.featureStep(), l.featureStep())));
    }

    @Override
    public double[] apply(double[] x, Mutation m, InputSpace s) {
        int i = (int) m.param("index");
        if (i < 0 || i >= x.length) throw new IllegalArgumentException("feature index " + i + " is outside 0.." + (x.length - 1));
        double lo = s.featureMin() != null ? s.featureMin()[i] : s.min(), hi = s.featureMax() != null ? s.featureMax()[i] : s.max();
        double[] out = x.clone();
        out[i] = Math.max(lo, Math.min(hi, x[i] + m.param("step") * (hi - lo)));
        out[i] = s.clip(out[i]);
        return out;
    }
}
