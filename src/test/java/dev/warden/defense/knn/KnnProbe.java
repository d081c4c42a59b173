package dev.warden.defense.knn;

/** Test access to the knn statistic for harnesses in other packages. */
public final class KnnProbe {
    private KnnProbe() {
    }

    public static double mean(float[] query, float[][] others, int k) {
        return KnnDistance.meanOfNearest(query, others, k);
    }
}
