package dev.warden.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The canary's account buckets: spread evenly, the same for an account every time, a share picks that many percent. */
class RolloutCanaryTest {
    @Test
    void bucketsAreStickyAndEven() {
        int[] counts = new int[100];
        int inShare = 0;
        for (int a = 0; a < 20_000; a++) {
            int b = Rollout.bucket("fashion-cnn", "client-" + a);
            assertThat(Rollout.bucket("fashion-cnn", "client-" + a)).isEqualTo(b);
            counts[b]++;
            if (b < 10) inShare++;
        }
        for (int c : counts) assertThat(c).isBetween(140, 260);
        assertThat(inShare / 20_000.0).isBetween(0.09, 0.11);
        // another model's canary draws its own accounts
        int same = 0;
        for (int a = 0; a < 1000; a++) if ((Rollout.bucket("m1", "x" + a) < 50) == (Rollout.bucket("m2", "x" + a) < 50)) same++;
        assertThat(same).isBetween(420, 580);
    }

    @Test
    void aShareOutOfRangeOrAnUnknownCanaryIsRefused() {
        assertThatThrownBy(() -> new Rollout("m", java.util.Map.of(), "1")).hasMessageContaining("has no version 1");
        assertThatThrownBy(() -> new Rollout("m", java.util.Map.of(), "1", "2", 150)).hasMessageContaining("has no version 1");
    }
}
