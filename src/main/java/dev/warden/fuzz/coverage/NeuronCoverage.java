package dev.warden.fuzz.coverage;

import java.util.BitSet;

/**
 * NC (DeepXplore): a neuron is covered once some input activates it above the threshold, its value scaled
 * to [0, 1] by the minimum and maximum of its layer for that input (DeepXplore's scaling, which makes one
 * threshold meaningful across layers of different magnitude).
 */
public final class NeuronCoverage implements Criterion {
    public static final double DEFAULT_THRESHOLD = 0.5;
    private final int[] layerStarts;
    private final double threshold;
    private final BitSet covered;
    private final int neurons;

    /** {@code layerStarts}: the first neuron of each layer, ascending, then the total. */
    public NeuronCoverage(int[] layerStarts, double threshold) {
        if (!(threshold >= 0 && threshold < 1)) throw new IllegalArgumentException("NC threshold must be in [0, 1), not " + threshold);
        this.layerStarts = layerStarts.clone();
        this.threshold = threshold;
        this.neurons = layerStarts[layerStarts.length - 1];
        this.covered = new BitSet(neurons);
    }

    @Override
    public String name() {
        return "nc";
    }

    @Override
    public boolean add(float[] v) {
        boolean grew = false;
        for (int l = 0; l + 1 < layerStarts.length; l++) {
            int from = layerStarts[l], to = layerStarts[l + 1];
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
            if (!(max > min)) continue;
            for (int i = from; i < to; i++) {
                if (!covered.get(i) && (v[i] - min) / (max - min) > threshold) {
                    covered.set(i);
                    grew = true;
                }
            }
        }
        return grew;
    }

    @Override
    public double value() {
        return (double) covered.cardinality() / neurons;
    }

    @Override
    public long covered() {
        return covered.cardinality();
    }
}
