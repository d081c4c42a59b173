package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The quantile mapping puts a more confident model's scores on a less confident one's scale, per class, monotone. */
class ScoreMappingTest {
    @Test
    void thresholdsSelectTheSameShareAfterMapping() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 5000;
        double[][] old = new double[n][2];
        double[][] fresh = new double[n][2];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            old[i][0] = u * 0.8;             // old: scores up to 0.8
            fresh[i][0] = Math.sqrt(u);      // new: sharper, more mass near 1
            old[i][1] = 1 - old[i][0];
            fresh[i][1] = 1 - fresh[i][0];
        }
        ScoreMapping m = ScoreMapping.fit(old, fresh);
        for (double t : new double[]{0.2, 0.5, 0.7}) {
            int oldAbove = 0, newAbove = 0, mappedAbove = 0;
            for (int i = 0; i < n; i++) {
                if (old[i][0] >= t) oldAbove++;
                if (fresh[i][0] >= t) newAbove++;
                if (m.map(0, fresh[i][0]) >= t) mappedAbove++;
            }
            assertThat(Math.abs(mappedAbove - oldAbove)).as("threshold " + t).isLessThan(n / 100);
            assertThat(Math.abs(newAbove - oldAbove)).isGreaterThan(n / 10);
        }
        double previous = -1;
        for (double s = 0; s <= 1.0; s += 0.01) {
            double v = m.map(0, s);
            assertThat(v).isGreaterThanOrEqualTo(previous);
            previous = v;
        }
    }
}
