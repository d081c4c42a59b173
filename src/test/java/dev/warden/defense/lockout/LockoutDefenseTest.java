package dev.warden.defense.lockout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.TestClock;
import dev.warden.defense.GuardHarness;
import dev.warden.guard.Action;
import dev.warden.guard.Outcome;
import dev.warden.policy.PolicyException;
import dev.warden.state.MemoryStateStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockoutDefenseTest {
    static final String POLICY = """
            defenses:
              - type: lockout
                windowSeconds: 600
                degrade:
                  - {strikes: 1, reveal: label}
                  - {strikes: 2, reveal: none}
                banAfter: 3
                banSeconds: 60
                banFactor: 4
              - type: flagger
              - type: harden
            """;

    static double[] image(double first) {
        double[] x = new double[784];
        x[0] = first;
        return x;
    }

    @Test
    void strikesDegradeAnswersThenBanWithRetryAfterAndBansEscalate() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        GuardHarness guard = GuardHarness.build(POLICY, clock, MemoryStateStore.ephemeral(clock));
        Outcome clean = guard.send("alice", "scores", image(0));
        assertThat(clean.decision().action()).isEqualTo(Action.ALLOW);
        assertThat(clean.outputs()).containsKey("logits");

        assertThat(guard.send("alice", "scores", image(1)).decision().action()).isEqualTo(Action.FLAG);
        Outcome afterOne = guard.send("alice", "scores", image(0));
        assertThat(afterOne.outputs()).containsOnlyKeys("label", "class");

        guard.send("alice", "scores", image(1));
        Outcome afterTwo = guard.send("alice", "scores", image(0));
        assertThat(afterTwo.decision().action()).as("degraded to nothing: a refusal with a reason, not an empty answer")
                .isEqualTo(Action.REJECT);
        assertThat(afterTwo.decision().reason()).isEqualTo("degraded");
        assertThat(afterTwo.outputs()).isEmpty();
        assertThat(guard.send("bob", "scores", image(0)).outputs()).as("other accounts are untouched").containsKey("logits");

        guard.send("alice", "scores", image(1));
        Outcome banned = guard.send("alice", "scores", image(0));
        assertThat(banned.decision().action()).isEqualTo(Action.LOCKOUT);
        assertThat(banned.decision().reason()).isEqualTo(LockoutDefense.REASON);
        assertThat(banned.decision().retryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(banned.outputs()).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        assertThat(guard.send("alice", "scores", image(1)).decision().retryAfter()).isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));
        assertThat(guard.send("alice", "scores", image(0)).decision().reason()).as("ban over; strikes in the window still degrade")
                .isEqualTo("degraded");
        guard.send("alice", "scores", image(1));
        assertThat(guard.send("alice", "scores", image(0)).decision().retryAfter()).as("second ban, 4x").isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void signalsOfObserveModeDefensesAreNoStrikes() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        GuardHarness guard = GuardHarness.build(POLICY.replace("  - type: flagger\n", "  - type: flagger\n    mode: observe\n"),
                clock, MemoryStateStore.ephemeral(clock));
        for (int i = 0; i < 10; i++) guard.send("alice", "scores", image(1));
        Outcome o = guard.send("alice", "scores", image(0));
        assertThat(o.decision().action()).isEqualTo(Action.ALLOW);
        assertThat(o.outputs()).containsKey("logits");
    }

    @Test
    void invalidRequestsAreNoStrikes() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        GuardHarness guard = GuardHarness.build(POLICY.replace("  - type: flagger\n", "  - type: validate\n  - type: flagger\n"),
                clock, MemoryStateStore.ephemeral(clock));
        for (int i = 0; i < 10; i++) {
            assertThat(guard.send("alice", "scores", image(Double.NaN)).decision().action()).isEqualTo(Action.INVALID);
        }
        Outcome o = guard.send("alice", "scores", image(0));
        assertThat(o.decision().action()).as("ten protocol mistakes neither degrade nor ban").isEqualTo(Action.ALLOW);
        assertThat(o.outputs()).containsKey("logits");
        guard.send("alice", "scores", image(1));
        assertThat(guard.send("alice", "scores", image(0)).outputs()).as("a detector flag still is a strike").containsOnlyKeys("label", "class");
    }

    @Test
    void inObserveModeTheLockoutNeitherBansNorDegrades() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        GuardHarness guard = GuardHarness.build(POLICY.replace("  - type: lockout\n", "  - type: lockout\n    mode: observe\n"),
                clock, MemoryStateStore.ephemeral(clock));
        for (int i = 0; i < 5; i++) guard.send("alice", "scores", image(1));
        Outcome o = guard.send("alice", "scores", image(0));
        assertThat(o.decision().action()).isEqualTo(Action.FLAG);
        assertThat(o.decision().defense()).isEqualTo("lockout");
        assertThat(o.outputs()).containsKey("logits");
    }

    @Test
    void stateSurvivesRebuildingTheGuardFromTheSameStore() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        MemoryStateStore store = MemoryStateStore.ephemeral(clock);
        GuardHarness first = GuardHarness.build(POLICY, clock, store);
        for (int i = 0; i < 3; i++) first.send("alice", "scores", image(1));
        GuardHarness reloaded = GuardHarness.build(POLICY, clock, store);
        assertThat(reloaded.send("alice", "scores", image(0)).decision().action()).isEqualTo(Action.LOCKOUT);
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - type: lockout\n    banAfter: 0\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("defenses[0]").hasMessageContaining("banAfter must be >= 1");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - type: lockout\n    degrade: [{strikes: 2, reveal: scores}]\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("reveal");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - type: lockout\n    banAfter: 3\n    degrade: [{strikes: 3, reveal: none}]\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("before banAfter");
    }

    static final String WARMUP = """
            accounts:
              - {id: partner, tier: scores, trusted: true, keySha256: "%s"}
            defenses:
              - type: lockout
                banAfter: 3
                warmup: {queries: 3}
              - type: validate
              - type: flagger
              - type: harden
            """.formatted("a".repeat(64));

    @Test
    void aFreshAccountGetsLabelsUntilItsAnsweredQueriesSinceItsLastStrikeReachTheWarmup() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        GuardHarness guard = GuardHarness.build(WARMUP, clock, MemoryStateStore.ephemeral(clock));
        for (int i = 0; i < 3; i++) {
            Outcome o = guard.send("fresh", "scores", image(0));
            assertThat(o.decision().action()).isEqualTo(Action.ALLOW);
            assertThat(o.outputs()).as("answer %d: the label only", i + 1).containsOnlyKeys("label", "class");
        }
        assertThat(guard.send("fresh", "scores", image(0)).outputs()).as("warmed up after 3 answered").containsKey("logits");

        // A strike starts the warm-up again; a refused or invalid query does not warm up.
        assertThat(guard.send("fresh", "scores", image(1)).decision().action()).isEqualTo(Action.FLAG);
        assertThat(guard.send("other", "scores", image(Double.NaN)).decision().action()).isEqualTo(Action.INVALID);
        for (int i = 0; i < 5; i++) guard.send("other", "scores", image(Double.NaN));
        assertThat(guard.send("other", "scores", image(0)).outputs()).as("invalid requests warm nothing").containsOnlyKeys("label", "class");
        for (int i = 0; i < 2; i++) guard.send("fresh", "scores", image(0));
        assertThat(guard.send("fresh", "scores", image(0)).outputs()).as("2 since the strike").containsOnlyKeys("label", "class");
        assertThat(guard.send("fresh", "scores", image(0)).outputs()).as("3 since the strike").containsKey("logits");

        assertThat(guard.send("partner", "scores", image(0)).outputs()).as("trusted: exempt").containsKey("logits");
        assertThat(guard.send("lbl", "label", image(0)).outputs()).as("a label tier is not raised").containsOnlyKeys("label", "class");
    }

    @Test
    void warmupByAccountAge() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        GuardHarness guard = GuardHarness.build(WARMUP.replace("warmup: {queries: 3}", "warmup: {queries: 0, seconds: 60, reveal: none}"),
                clock, MemoryStateStore.ephemeral(clock));
        Outcome first = guard.send("fresh", "scores", image(0));
        assertThat(first.decision().reason()).as("reveal none: refused as degraded").isEqualTo("degraded");
        clock.advance(Duration.ofSeconds(59));
        assertThat(guard.send("fresh", "scores", image(0)).decision().reason()).isEqualTo("degraded");
        clock.advance(Duration.ofSeconds(1));
        assertThat(guard.send("fresh", "scores", image(0)).outputs()).containsKey("logits");
    }

    @Test
    void badWarmupAndLinkedSettingsAreRefusedNamingTheField() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - type: lockout\n    warmup: {queries: -1}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("defenses[0].warmup").hasMessageContaining("queries must be >= 0");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - type: lockout\n    warmup: {queries: 0}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("queries or seconds must be > 0");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - type: lockout\n    warmup: {reveal: scores}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("reveal");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - type: lockout\n    linked: {maxAccounts: 65}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("defenses[0].linked").hasMessageContaining("maxAccounts must be between 0 and 64");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - type: lockout\n    linked: {most: 3}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("unknown field");
    }
}
