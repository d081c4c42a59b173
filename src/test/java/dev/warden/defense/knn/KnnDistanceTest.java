package dev.warden.defense.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KnnDistanceTest {
    static float[] vector(SplittableRandom r, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) v[i] = (float) (r.nextDouble() * 4);
        return v;
    }

    static double naive(float[] q, float[][] others, int k) {
        double[] dist = new double[others.length];
        for (int j = 0; j < others.length; j++) {
            double s = 0;
            for (int i = 0; i < q.length; i++) s += (q[i] - others[j][i]) * (double) (q[i] - others[j][i]);
            dist[j] = Math.sqrt(s);
        }
        Arrays.sort(dist);
        return Arrays.stream(dist, 0, k).average().orElseThrow();
    }

    @Test
    void theMeanOfTheKNearestEqualsTheSortedComputationWhateverTheDimension() {
        SplittableRandom r = new SplittableRandom(5);
        for (int d : new int[]{1, 3, 7, 128, 130}) {
            float[][] others = new float[200][];
            for (int j = 0; j < others.length; j++) others[j] = vector(r, d);
            float[] q = vector(r, d);
            for (int k : new int[]{1, 5, 20}) {
                assertThat(KnnDistance.meanOfNearest(q, others, k)).as("d=%d k=%d", d, k).isCloseTo(naive(q, others, k), within(1e-9));
            }
        }
        assertThat(KnnDistance.meanOfNearest(new float[]{0}, new float[][]{{1}}, 2)).isNaN();
    }
}
