package dev.warden.fuzz.coverage;

import java.util.BitSet;

/**
 * NBC and SNAC (DeepGauge): corner cases beyond the calibration range. NBC counts each neuron's upper corner
 * (a value above high) and lower corner (below low) over 2N; SNAC, strong neuron activation, only the upper
 * corners, over N.
 */
public final class BoundaryCoverage implements Criterion {
    private final NeuronBounds bounds;
    private final boolean upperOnly;
    private final BitSet upper;
    private final BitSet lower;

    private BoundaryCoverage(NeuronBounds bounds, boolean upperOnly) {
        this.bounds = bounds;
        this.upperOnly = upperOnly;
        this.upper = new BitSet(bounds.size());
        this.lower = new BitSet(bounds.size());
    }

    public static BoundaryCoverage nbc(NeuronBounds bounds) {
        return new BoundaryCoverage(bounds, false);
    }

    public static BoundaryCoverage snac(NeuronBounds bounds) {
        return new BoundaryCoverage(bounds, true);
    }

    @Override
    public String name() {
        return upperOnly ? "snac" : "nbc";
    }

    @Override
    public boolean add(float[] v) {
        boolean grew = false;
        for (int i = 0; i < bounds.size(); i++) {
            if (v[i] > bounds.high(i) && !upper.get(i)) {
                upper.set(i);
                grew = true;
            } else if (!upperOnly && v[i] < bounds.low(i) && !lower.get(i)) {
                lower.set(i);
                grew = true;
            }
        }
        return grew;
    }

    @Override
    public double value() {
        return upperOnly ? (double) upper.cardinality() / bounds.size()
                : (double) (upper.cardinality() + lower.cardinality()) / (2.0 * bounds.size());
    }

    @Override
    public long covered() {
        return upper.cardinality() + (upperOnly ? 0 : lower.cardinality());
    }
}
