package dev.warden.update;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Carries the knn detector's benign false-positive rate over to the candidate. Its threshold is a distance in
 * the serving model's feature units (Chen, Carlini and Wagner 2019), meaningless for another model: the same
 * benign samples go through both models as the streams of {@link #ACCOUNTS} busy accounts (as
 * {@code tools/bench.sh knn-calibrate} does), the share of the serving model's mean k-nearest distances below its
 * threshold is measured, and the candidate's threshold is set at the same rank of its own distances.
 */
final class KnnThreshold {
    static final int ACCOUNTS = 25;

    /** The candidate threshold, and the benign rate the serving threshold had, on how many scored queries. */
    record Carried(double threshold, double benignRate, int scored) {
    }

    private KnnThreshold() {
    }

    static Carried carry(double[][] servingFeatures, double[][] candidateFeatures, int k, int buffer, double servingThreshold, long seed) {
        double[] old = distances(servingFeatures, k, buffer, seed);
        double[] fresh = distances(candidateFeatures, k, buffer, seed);
        if (old.length == 0) throw new IllegalArgumentException("too few samples to carry the knn threshold over (need more than k=" + k + " per account)");
        Arrays.sort(old);
        Arrays.sort(fresh);
        int below = 0;
        while (below < old.length && old[below] < servingThreshold) below++;
        double threshold;
        if (below == 0) threshold = fresh[0] * servingThreshold / old[0];
        else if (below >= fresh.length) threshold = fresh[fresh.length - 1];
        else threshold = (fresh[below - 1] + fresh[below]) / 2;
        return new Carried(threshold, (double) below / old.length, old.length);
    }

    /** Each query's mean distance to its k nearest in its account's buffer, queries in a seeded random order. */
    static double[] distances(double[][] features, int k, int buffer, long seed) {
        int n = features.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Deque<double[]>> buffers = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) buffers.add(new ArrayDeque<>());
        double[] out = new double[n];
        int scored = 0;
        double[] d = new double[buffer];
        for (int i = 0; i < n; i++) {
            Deque<double[]> b = buffers.get(i % ACCOUNTS);
            double[] q = features[order[i]];
            if (b.size() >= k) {
                int m = 0;
                for (double[] o : b) d[m++] = Math.sqrt(squared(q, o));
                Arrays.sort(d, 0, m);
                double sum = 0;
                for (int j = 0; j < k; j++) sum += d[j];
                out[scored++] = sum / k;
            }
            b.addFirst(q);
            if (b.size() > buffer) b.removeLast();
        }
        return Arrays.copyOf(out, scored);
    }

    private static double squared(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - b[i];
            s += x * x;
        }
        return s;
    }
}
