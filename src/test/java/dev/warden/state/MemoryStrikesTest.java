package dev.warden.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lockout ledger's rules, which the Redis store must follow too (RedisStateStoreIT runs the same cases). */
class MemoryStrikesTest {
    static final StrikeRules RULES = new StrikeRules(Duration.ofMinutes(10), 3, Duration.ofMinutes(1), 4,
            Duration.ofMinutes(30), Duration.ofHours(24));

    static void slidingWindowBansAndEscalates(Strikes strikes, TestClock clock) {
        Instant t = clock.instant();
        assertThat(strikes.strike("a", clock.instant(), RULES, "query:query_attack").banned()).isFalse();
        clock.advance(Duration.ofMinutes(9));
        assertThat(strikes.strike("a", clock.instant(), RULES, "query:query_attack").strikes()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(2));
        assertThat(strikes.standing("a", clock.instant(), RULES).strikes()).as("the first strike left the window").isEqualTo(1);
        strikes.strike("a", clock.instant(), RULES, "x");
        Strikes.Standing third = strikes.strike("a", clock.instant(), RULES, "query:query_attack");
        assertThat(third.strikes()).isEqualTo(3);
        assertThat(third.banned()).isTrue();
        assertThat(third.banStarted()).isTrue();
        assertThat(third.ban().level()).isEqualTo(1);
        assertThat(third.ban().reason()).isEqualTo("query:query_attack");
        assertThat(Duration.between(clock.instant(), third.ban().until())).isEqualTo(Duration.ofMinutes(1));
        Strikes.Standing during = strikes.strike("a", clock.instant(), RULES, "y");
        assertThat(during.banStarted()).isFalse();
        assertThat(during.ban().until()).isEqualTo(third.ban().until());
        assertThat(strikes.bans(clock.instant())).extracting(Ban::account).containsExactly("a");

        clock.advance(Duration.ofSeconds(61));
        assertThat(strikes.standing("a", clock.instant(), RULES).banned()).isFalse();
        assertThat(strikes.bans(clock.instant())).isEmpty();
        Strikes.Standing again = strikes.strike("a", clock.instant(), RULES, "z");
        assertThat(again.ban().level()).isEqualTo(2);
        assertThat(Duration.between(clock.instant(), again.ban().until())).isEqualTo(Duration.ofMinutes(4));
        assertThat(strikes.standing("b", clock.instant(), RULES)).isEqualTo(new Strikes.Standing(0, null, false));

        assertThat(strikes.lift("a")).isTrue();
        assertThat(strikes.lift("a")).isFalse();
        Strikes.Standing after = strikes.standing("a", clock.instant(), RULES);
        assertThat(after.banned()).isFalse();
        assertThat(after.strikes()).isZero();
        assertThat(t).isBefore(clock.instant());
    }

    /** Strikes count only among the account's last {@code queries} images: spread-out false positives never add up. */
    static void strikesLeaveTheQueryWindow(Strikes strikes, TestClock clock) {
        StrikeRules rules = new StrikeRules(Duration.ofMinutes(10), 3, Duration.ofMinutes(1), 4, Duration.ofMinutes(30), Duration.ofHours(24), 100);
        for (int i = 0; i < 3; i++) {
            // A busy client: one strike per 150 images, all within the 10-minute window.
            for (int q = 0; q < 150; q++) strikes.arrive("busy", clock.instant(), rules, 1);
            Strikes.Standing s = strikes.strike("busy", clock.instant(), rules, "knn:query_attack");
            assertThat(s.strikes()).as("strike %d: the one before is more than 100 images back", i + 1).isEqualTo(1);
            assertThat(s.banned()).isFalse();
            clock.advance(Duration.ofSeconds(5));
        }
        // A batch counts as its images.
        strikes.arrive("busy", clock.instant(), rules, 64);
        assertThat(strikes.arrive("busy", clock.instant(), rules, 40).strikes()).as("104 images after the last strike").isZero();
        // An attacker: strikes one query after another pile up and ban as before.
        Strikes.Standing last = null;
        for (int i = 0; i < 3; i++) {
            strikes.arrive("attacker", clock.instant(), rules, 1);
            last = strikes.strike("attacker", clock.instant(), rules, "query:query_attack");
        }
        assertThat(last.strikes()).isEqualTo(3);
        assertThat(last.banStarted()).isTrue();
        assertThat(strikes.standing("attacker", clock.instant(), rules).strikes()).isEqualTo(3);
        assertThat(strikes.arrive("attacker", clock.instant(), rules, 1).banned()).isTrue();
        assertThat(strikes.lift("attacker")).isTrue();
        assertThat(strikes.arrive("attacker", clock.instant(), rules, 1).strikes()).isZero();
    }

    @Test
    void strikesLeaveTheQueryWindow() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        strikesLeaveTheQueryWindow(MemoryStateStore.ephemeral(clock).strikes("lockout"), clock);
    }

    @Test
    void slidingWindowBansAndEscalates() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        slidingWindowBansAndEscalates(MemoryStateStore.ephemeral(clock).strikes("lockout"), clock);
    }

    @Test
    void banLengthGrowsByFactorUpToTheMaximum() {
        assertThat(RULES.banLength(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RULES.banLength(3)).isEqualTo(Duration.ofMinutes(16));
        assertThat(RULES.banLength(4)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void namespacesAreSeparateAndTheSameNamespaceIsTheSameLedger() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        MemoryStateStore store = MemoryStateStore.ephemeral(clock);
        store.strikes("one").strike("a", clock.instant(), RULES, "r");
        assertThat(store.strikes("one").standing("a", clock.instant(), RULES).strikes()).isEqualTo(1);
        assertThat(store.strikes("two").standing("a", clock.instant(), RULES).strikes()).isZero();
    }
}
