package dev.warden.fuzz.coverage;

import java.util.BitSet;

/**
 * TKNC (DeepGauge): a neuron is covered once it is among the k most active of its layer for some input;
 * the value is the covered neurons over all neurons.
 */
public final class TopKCoverage implements Criterion {
    public static final int DEFAULT_K = 2;
    private final int[] layerStarts;
    private final int k;
    private final BitSet covered;
    private final int neurons;

    public TopKCoverage(int[] layerStarts, int k) {
        if (k < 1) throw new IllegalArgumentException("TKNC k must be >= 1, not " + k);
        this.layerStarts = layerStarts.clone();
        this.k = k;
        this.neurons = layerStarts[layerStarts.length - 1];
        this.covered = new BitSet(neurons);
    }

    @Override
    public String name() {
        return "tknc";
    }

    @Override
    public boolean add(float[] v) {
        boolean grew = false;
        int[] top = new int[k];
        for (int l = 0; l + 1 < layerStarts.length; l++) {
            int from = layerStarts[l], to = layerStarts[l + 1];
            int m = Math.min(k, to - from);
            // partial selection: the k largest of a layer of a few hundred neurons, ties to the lower index
            for (int j = 0; j < m; j++) top[j] = -1;
            for (int i = from; i < to; i++) {
                int pos = m;
                while (pos > 0 && (top[pos - 1] < 0 || v[i] > v[top[pos - 1]])) pos--;
                if (pos < m) {
                    System.arraycopy(top, pos, top, pos + 1, m - pos - 1);
                    top[pos] = i;
                }
            }
            for (int j = 0; j < m; j++) {
                if (!covered.get(top[j])) {
                    covered.set(top[j]);
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
