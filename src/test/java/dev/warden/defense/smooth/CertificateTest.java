package dev.warden.defense.smooth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CertificateTest {
    @Test
    void clopperPearsonLowerBoundHasTheTailItPromises() {
        // All n votes: the bound is alpha^(1/n).
        assertThat(Certificate.lowerBound(100, 100, 0.001)).isCloseTo(Math.pow(0.001, 0.01), within(1e-12));
        assertThat(Certificate.lowerBound(0, 100, 0.001)).isZero();
        for (int[] kn : new int[][]{{50, 100}, {90, 100}, {28, 32}, {999, 1000}}) {
            double p = Certificate.lowerBound(kn[0], kn[1], 0.05);
            assertThat(Certificate.upperTail(kn[0], kn[1], p)).as("P(X >= k) at the bound, %s", java.util.Arrays.toString(kn)).isCloseTo(0.05, within(1e-6));
            assertThat(p).isLessThan((double) kn[0] / kn[1]);
        }
        // A published value: 50 of 100, one-sided 95% Clopper-Pearson lower bound (the Beta(50, 51) 5% quantile) 0.41362.
        assertThat(Certificate.lowerBound(50, 100, 0.05)).isCloseTo(0.41362, within(1e-5));
    }

    @Test
    void normalQuantile() {
        assertThat(Certificate.normalQuantile(0.5)).isCloseTo(0, within(1e-9));
        assertThat(Certificate.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(Certificate.normalQuantile(0.001)).isCloseTo(-3.090232, within(1e-6));
    }
}
