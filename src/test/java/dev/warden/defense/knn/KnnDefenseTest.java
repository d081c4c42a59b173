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
        GuardHarness guard = GuardHarness.build("defenses:\n  - {type: knn, k: 2, buffer: 10, threshold: 0.01, confirm: 1}\n", clock,
                MemoryStateStore.ephemeral(clock));
        assertThat(guard.send("alice", "scores", image(0.1, 0)).decision().action()).isEqualTo(Action.ALLOW);
        assertThat(guard.send("alice", "scores", image(0.5, 0)).decision().action()).isEqualTo(Action.ALLOW);
        assertThat(guard.send("alice", "scores", image(0.9, 0)).decision().action()).as("far from both").isEqualTo(Action.ALLOW);
        assertThat(guard.send("bob", "scores", image(0.5, 1)).decision().action()).as("bob's buffer is his own").isEqualTo(Action.ALLOW);
        assertThat(guard.send("alice", "scores", image(0.9, 1), image(0.9, 2)).decision().action()).isEqualTo(Action.FLAG);
    }

    @Test
    void aLoneCloseQueryIsNotSignalledButARunOfThemIs() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        GuardHarness guard = GuardHarness.build("defenses:\n  - {type: knn, k: 1, buffer: 10, threshold: 0.01}\n", clock,
                MemoryStateStore.ephemeral(clock));
        guard.send("alice", "scores", image(0.1, 0));
        guard.send("alice", "scores", image(0.5, 0));
        guard.send("alice", "scores", image(0.9, 0));
        // Close to what came before, but the query before it was not: a benign client's rare near-repeat.
        assertThat(guard.send("alice", "scores", image(0.9, 1)).decision().action()).as("alone").isEqualTo(Action.ALLOW);
        // The next close query confirms the run: an attack's queries are close one after another.
        assertThat(guard.send("alice", "scores", image(0.9, 2)).decision().action()).as("second in a row").isEqualTo(Action.FLAG);
        // One far query in between does not hide it: 2 of the last 5 suffice.
        assertThat(guard.send("alice", "scores", image(0.3, 0)).decision().action()).isEqualTo(Action.ALLOW);
        assertThat(guard.send("alice", "scores", image(0.9, 3)).decision().action()).as("2 of the last 5").isEqualTo(Action.FLAG);
    }

    @Test
    void confirmSettingsAreChecked() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - {type: knn, k: 2, buffer: 10, threshold: 0.01, confirm: 3, confirmWindow: 2}\n",
                clock, MemoryStateStore.ephemeral(clock))).isInstanceOf(PolicyException.class).hasMessageContaining("confirmWindow must be >= confirm");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - {type: knn, k: 2, buffer: 10, threshold: 0.01, confirm: 0}\n",
                clock, MemoryStateStore.ephemeral(clock))).isInstanceOf(PolicyException.class).hasMessageContaining("confirm must be >= 1");
    }

    @Test
    void needsAFeaturesOutputAndSaneSettings() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - {type: knn, k: 50, buffer: 10}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("buffer must be >= k");
    }
}
