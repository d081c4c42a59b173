package dev.warden.defense.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowScoreTest {
    static float[] frame(long index, float p0) {
        return new float[]{index, p0, 1 - p0};
    }

    @Test
    void countsFlipsInFrameOrderAndTheSpreadOfTheMajorityLabel() {
        float[][] newestFirst = {frame(3, 0.9f), frame(1, 0.9f), frame(2, 0.3f)};
        WindowScore.Stats s = WindowScore.of(newestFirst, frame(4, 0.9f));
        assertThat(s.frames()).isEqualTo(4);
        assertThat(s.flips()).isEqualTo(2);
        assertThat(s.spread()).isCloseTo(Math.sqrt(0.0675), within(1e-6));
    }

    @Test
    void aRepeatedFrameIndexKeepsTheNewest() {
        WindowScore.Stats s = WindowScore.of(new float[][]{frame(1, 0.1f), frame(0, 0.9f)}, frame(1, 0.9f));
        assertThat(s.frames()).isEqualTo(2);
        assertThat(s.flips()).isZero();
    }
}
