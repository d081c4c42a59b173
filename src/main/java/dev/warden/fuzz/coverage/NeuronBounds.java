package dev.warden.fuzz.coverage;

import java.util.List;

/**
 * Each neuron's lowest and highest value on calibration data: DeepGauge's [low_n, high_n], the major
 * function region that KMNC divides into sections and beyond which NBC and SNAC count corner cases.
 */
public record NeuronBounds(float[] low, float[] high) {
    public NeuronBounds {
        if (low.length != high.length) throw new IllegalArgumentException("low and high differ in length");
        if (low.length == 0) throw new IllegalArgumentException("no neurons");
        low = low.clone();
        high = high.clone();
        for (int i = 0; i < low.length; i++) {
            if (!(low[i] <= high[i])) throw new IllegalArgumentException("neuron " + i + ": low " + low[i] + " > high " + high[i]);
        }
    }

    public static NeuronBounds fit(List<float[]> calibration) {
        if (calibration.isEmpty()) throw new IllegalArgumentException("no calibration inputs");
        int n = calibration.get(0).length;
        float[] lo = new float[n], hi = new float[n];
        java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (float[] v : calibration) {
            for (int i = 0; i < n; i++) {
                lo[i] = Math.min(lo[i], v[i]);
                hi[i] = Math.max(hi[i], v[i]);
            }
        }
        return new NeuronBounds(lo, hi);
    }

    public int size() {
        return low.length;
    }

    public float low(int i) {
        return low[i];
    }

    public float high(int i) {
        return high[i];
    }
}
