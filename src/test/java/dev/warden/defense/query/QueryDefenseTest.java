package dev.warden.defense.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.TestClock;
import dev.warden.defense.GuardHarness;
import dev.warden.defense.StateOutage;
import dev.warden.guard.Action;
import dev.warden.guard.Outcome;
import dev.warden.guard.Signal;
import dev.warden.state.FailingStateStore;
import dev.warden.state.MemoryStateStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueryDefenseTest {
    /** A guard on {@code policy} with an empty in-memory state and a fixed clock. */
    static GuardHarness fresh(String policy) {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        return GuardHarness.build(policy, clock, MemoryStateStore.ephemeral(clock));
    }

    static final String POLICY = "defenses:\n  - {type: query, action: flag}\n";

    static double[] noisy(double[] x, SplittableRandom r) {
        return FingerprinterTest.noisy(x, 0.002, r);
    }

    static Signal signal(Outcome o) {
        return o.decision().signals().stream().filter(s -> s.defense().equals("query")).findFirst().orElse(null);
    }

    @Test
    void nearIdenticalQueriesFromAnyAccountMatchDistinctImagesDoNot() {
        GuardHarness guard = fresh(POLICY);
        for (int i = 0; i < 200; i++) {
            assertThat(guard.send("user" + (i % 10), "scores", FingerprinterTest.IMAGES.image(i)).decision().action())
                    .as("benign image %d", i).isEqualTo(Action.ALLOW);
        }
        SplittableRandom r = new SplittableRandom(1);
        double[] x = FingerprinterTest.IMAGES.image(500);
        assertThat(guard.send("mallory", "scores", x).decision().action()).isEqualTo(Action.ALLOW);
        Outcome probe = guard.send("sybil", "scores", noisy(x, r));
        assertThat(probe.decision().action()).isEqualTo(Action.FLAG);
        assertThat(probe.decision().reason()).isEqualTo(QueryDefense.REASON);
        assertThat(probe.decision().message()).doesNotContain("mallory");
        assertThat(signal(probe).score()).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void aBitIdenticalRetryIsNotAMatch() {
        GuardHarness guard = fresh(POLICY);
        double[] x = FingerprinterTest.IMAGES.image(7);
        for (int i = 0; i < 3; i++) assertThat(guard.send("alice", "scores", x).decision().action()).isEqualTo(Action.ALLOW);
    }

    @Test
    void itemsOfOneBatchAreMatchedAgainstEachOther() {
        GuardHarness guard = fresh(POLICY);
        SplittableRandom r = new SplittableRandom(2);
        double[] x = FingerprinterTest.IMAGES.image(9);
        assertThat(guard.send("alice", "scores", FingerprinterTest.IMAGES.image(1), FingerprinterTest.IMAGES.image(2)).decision().action())
                .isEqualTo(Action.ALLOW);
        assertThat(guard.send("mallory", "scores", x, noisy(x, r), noisy(x, r)).decision().action()).isEqualTo(Action.FLAG);
    }

    @Test
    void inABatchOnlyTheMatchedImagesAreWithheldAndAWhollyMatchedBatchIsRefused() {
        GuardHarness guard = fresh("defenses:\n  - type: query\n  - type: harden\n");
        SplittableRandom r = new SplittableRandom(4);
        double[] x = FingerprinterTest.IMAGES.image(13);
        guard.send("alice", "scores", x);
        Outcome mixed = guard.send("alice", "scores", FingerprinterTest.IMAGES.image(14), noisy(x, r), FingerprinterTest.IMAGES.image(15));
        assertThat(mixed.decision().action()).isEqualTo(Action.FLAG);
        assertThat(mixed.decision().reason()).isEqualTo(QueryDefense.REASON);
        assertThat(mixed.parameters().get("withheld")).asString().contains("index=1").doesNotContain("index=0").doesNotContain("index=2");
        Outcome all = guard.send("alice", "scores", noisy(x, r), noisy(x, r));
        assertThat(all.decision().action()).isEqualTo(Action.REJECT);
    }

    @Test
    void byDefaultAMatchIsRefused() {
        GuardHarness guard = fresh("defenses:\n  - type: query\n");
        SplittableRandom r = new SplittableRandom(3);
        double[] x = FingerprinterTest.IMAGES.image(11);
        guard.send("mallory", "scores", x);
        Outcome o = guard.send("mallory", "scores", noisy(x, r));
        assertThat(o.decision().action()).isEqualTo(Action.REJECT);
        assertThat(o.outputs()).isEmpty();
    }

    @Test
    void anUnreachableStoreFailsOpenOrClosedAsThePolicySaysAndRecovers() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        for (String mode : new String[]{"fail-open", "fail-closed"}) {
            FailingStateStore store = new FailingStateStore(MemoryStateStore.ephemeral(clock));
            store.down(true);
            GuardHarness guard = GuardHarness.build(POLICY + "state:\n  onUnavailable: " + mode + "\n", clock, store);
            Outcome o = guard.send("alice", "scores", FingerprinterTest.IMAGES.image(3));
            if (mode.equals("fail-open")) {
                assertThat(o.decision().action()).isEqualTo(Action.ALLOW);
            } else {
                assertThat(o.decision().action()).isEqualTo(Action.REJECT);
                assertThat(o.decision().reason()).isEqualTo(StateOutage.REASON);
            }
            store.down(false);
            double[] x = FingerprinterTest.IMAGES.image(4);
            assertThat(guard.send("alice", "scores", x).decision().action()).isEqualTo(Action.ALLOW);
            assertThat(guard.send("alice", "scores", noisy(x, new SplittableRandom(4))).decision().action()).isEqualTo(Action.FLAG);
        }
    }
}
