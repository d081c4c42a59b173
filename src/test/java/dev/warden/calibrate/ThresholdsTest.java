package dev.warden.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdsTest {
    @Test
    void flagsAtMostTheTargetShare() {
        double[] s = new double[1000];
        for (int i = 0; i < s.length; i++) s[i] = i;
        double t = Thresholds.atFalsePositiveRate(s, 0.01);
        assertThat(t).isEqualTo(989);
        assertThat(Thresholds.rateAbove(s, t)).isEqualTo(0.01);
        assertThat(Thresholds.atFalsePositiveRate(s, 0)).isEqualTo(999);
    }

    @Test
    void tiesStayBelowTheThreshold() {
        double[] s = {1, 1, 1, 1, 2};
        assertThat(Thresholds.rateAbove(s, Thresholds.atFalsePositiveRate(s, 0.5))).isLessThanOrEqualTo(0.5);
    }

    @Test
    void floatsRoundTripAsFloat32() {
        double[] v = {0.1, -3.5, 1e6};
        double[] back = Floats.decode(Floats.encode(v), 3, "v");
        for (int i = 0; i < v.length; i++) assertThat(back[i]).isEqualTo((double) (float) v[i]);
        assertThatThrownBy(() -> Floats.decode(Floats.encode(v), 4, "v")).hasMessageContaining("holds 3 values, expected 4");
    }
}
