package dev.warden.fuzz.coverage;

import java.util.BitSet;

/**
 * KMNC (DeepGauge): each neuron's calibration range [low, high] is cut into k equal sections; a section is
 * covered once some input puts the neuron's value in it. Values outside the range count for NBC, not here.
 */
public final class MultisectionCoverage implements Criterion {
    public static final int DEFAULT_K = 1000;
    private final NeuronBounds bounds;
    private final int k;
    private final BitSet covered;

    public MultisectionCoverage(NeuronBounds bounds, int k) {
        if (k < 1) throw new IllegalArgumentException("KMNC k must be >= 1, not " + k);
        this.bounds = bounds;
        this.k = k;
        this.covered = new BitSet(bounds.size() * k);
    }

    @Override
    public String name() {
        return "kmnc";
    }

    @Override
    public boolean add(float[] v) {
        boolean grew = false;
        for (int i = 0; i < bounds.size(); i++) {
            float lo = bounds.low(i), hi = bounds.high(i);
            if (v[i] < lo || v[i] > hi) continue;
            int section = hi > lo ? Math.min(k - 1, (int) ((double) (v[i] - lo) / (hi - lo) * k)) : 0;
            int bit = i * k + section;
            if (!covered.get(bit)) {
                covered.set(bit);
                grew = true;
            }
        }
        return grew;
    }

    @Override
    public double value() {
        return (double) covered.cardinality() / ((long) bounds.size() * k);
    }

    @Override
    public long covered() {
        return covered.cardinality();
    }
}
