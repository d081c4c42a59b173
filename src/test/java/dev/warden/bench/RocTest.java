package dev.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RocTest {
    @Test
    void aurocIsTheShareOfPairsOrderedRightWithTiesHalf() {
        assertThat(Roc.auroc(new double[]{0, 1}, new double[]{2, 3})).isEqualTo(1.0);
        assertThat(Roc.auroc(new double[]{2, 3}, new double[]{0, 1})).isEqualTo(0.0);
        assertThat(Roc.auroc(new double[]{1, 1}, new double[]{1})).isEqualTo(0.5);
        assertThat(Roc.auroc(new double[]{0, 2}, new double[]{1})).isEqualTo(0.5);
    }
}
