package dev.warden.defense.knn;

/**
 * The detection statistic of Chen, Carlini and Wagner (2019): the mean Euclidean distance from a query to its
 * k nearest neighbours among the account's previous queries. Distances are computed in one pass over the
 * buffer (float arrays, contiguous per vector) and the k smallest kept in a bounded max-heap, O(n d + n log k).
 */
final class KnnDistance {
    private KnnDistance() {
    }

    /** Mean distance to the k nearest of {@code others}; NaN when there are fewer than k. */
    static double meanOfNearest(float[] query, float[][] others, int k) {
        if (others.length < k) return Double.NaN;
        double[] heap = new double[k];
        int size = 0;
        for (float[] o : others) {
            double d2 = 0;
            int n = Math.min(o.length, query.length);
            for (int i = 0; i < n; i++) {
                double diff = query[i] - o[i];
                d2 += diff * diff;
            }
            if (size < k) {
                heap[size] = d2;
                siftUp(heap, size++);
            } else if (d2 < heap[0]) {
                heap[0] = d2;
                siftDown(heap, k);
            }
        }
        double sum = 0;
        for (int i = 0; i < k; i++) sum += Math.sqrt(heap[i]);
        return sum / k;
    }

    private static void siftUp(double[] h, int i) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (h[p] >= h[i]) return;
            double t = h[p];
            h[p] = h[i];
            h[i] = t;
            i = p;
        }
    }

    private static void siftDown(double[] h, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) return;
            int big = l + 1 < size && h[l + 1] > h[l] ? l + 1 : l;
            if (h[i] >= h[big]) return;
            double t = h[i];
            h[i] = h[big];
            h[big] = t;
            i = big;
        }
    }
}
