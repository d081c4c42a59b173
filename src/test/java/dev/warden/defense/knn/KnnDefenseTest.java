package dev.warden.defense.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.TestClock;
import dev.warden.defense.GuardHarness;
import dev.warden.guard.Action;
import dev.warden.policy.PolicyException;
import dev.warden.state.MemoryStateStore;
import org.junit.jupiter.api.Test;

class KnnDefenseTest {
    @Test
    void meanOfTheKNearest() {
        float[][] others = {{0, 3}, {0, 1}, {0, 10}, {0, 2}};
        assertThat(KnnDistance.meanOfNearest(new float[]{0, 0}, others, 2)).isEqualTo(1.5);
        assertThat(KnnDistance.meanOfNearest(new float[]{0, 0}, others, 4)).isEqualTo(4.0);
        assertThat(KnnDistance.meanOfNearest(new float[]{0, 0}, others, 5)).isNaN();
    }

    static double[] image(double level, int bright) {
        double[] x = new double[784];
        java.util.Arrays.fill(x, level);
        for (int i = 0; i < bright; i++) x[i * 7] = 1;
        return x;
    }

    @Test
    void flagsAQueryCloseToItsAccountsRecentOnesPerAccount() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        GuardHarness guard = GuardHarness.build("defenses:\n  - {type: knn, k: 2, buffer: 10, threshold: 0.01}\n", clock,
                MemoryStateStore.ephemeral(clock));
        assertThat(guard.send("alice", "scores", image(0.1, 0)).decision().action()).isEqualTo(Action.ALLOW);
        assertThat(guard.send("alice", "scores", image(0.5, 0)).decision().action()).isEqualTo(Action.ALLOW);
        assertThat(guard.send("alice", "scores", image(0.9, 0)).decision().action()).as("far from both").isEqualTo(Action.ALLOW);
        assertThat(guard.send("bob", "scores", image(0.5, 1)).decision().action()).as("bob's buffer is his own").isEqualTo(Action.ALLOW);
        assertThat(guard.send("alice", "scores", image(0.9, 1), image(0.9, 2)).decision().action()).isEqualTo(Action.FLAG);
    }

    @Test
    void needsAFeaturesOutputAndSaneSettings() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - {type: knn, k: 50, buffer: 10}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("buffer must be >= k");
    }
}
