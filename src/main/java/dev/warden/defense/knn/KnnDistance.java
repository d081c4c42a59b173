package dev.warden.defense.knn;

/**
 * The detection statistic of Chen, Carlini and Wagner (2019): the mean Euclidean distance from a query to its
 * k nearest neighbours among the account's previous queries. Distances are computed in one pass over the
 * buffer (float arrays, contiguous per vector) and the k smallest kept in a bounded max-heap, O(n d + n log k);
 * a vector is dropped as soon as its partial distance passes the k-th smallest so far.
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
            int n = Math.min(o.length, query.length);
            // Four independent sums so the additions pipeline; once k are held, a vector already farther than the
            // k-th nearest is dropped mid-way (its partial sum can only grow).
            double a = 0, b = 0, c = 0, d = 0;
            int i = 0;
            boolean pruned = false;
            while (i + 4 <= n) {
                int end = Math.min(n & ~3, i + 32);
                for (; i < end; i += 4) {
                    double x0 = query[i] - o[i], x1 = query[i + 1] - o[i + 1], x2 = query[i + 2] - o[i + 2], x3 = query[i + 3] - o[i + 3];
                    a += x0 * x0;
                    b += x1 * x1;
                    c += x2 * x2;
                    d += x3 * x3;
                }
                if (size == k && a + b + c + d >= heap[0]) {
                    pruned = true;
                    break;
                }
            }
            if (pruned) continue;
            for (; i < n; i++) {
                double x = query[i] - o[i];
                a += x * x;
            }
            double d2 = a + b + c + d;
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
