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

    /**
     * Warm-up bookkeeping: images since the last strike (only answered ones: unanswered ones are taken back) and when
     * the account was first seen; a strike starts the count again; {@code ban} bans whatever the count.
     */
    static void warmupCountsCleanImagesAndLinkedBans(Strikes strikes, TestClock clock) {
        StrikeRules rules = new StrikeRules(Duration.ofMinutes(10), 4, Duration.ofMinutes(1), 4, Duration.ofMinutes(30),
                Duration.ofHours(24), 200, true);
        Instant first = clock.instant();
        assertThat(strikes.standing("fresh", first, rules)).as("never seen").isEqualTo(new Strikes.Standing(0, null, false));
        Strikes.Standing s = strikes.arrive("fresh", first, rules, 1);
        assertThat(s.clean()).isEqualTo(1);
        assertThat(s.firstSeen()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(30));
        strikes.arrive("fresh", clock.instant(), rules, 10);
        strikes.unanswered("fresh", clock.instant(), rules, 3);
        s = strikes.arrive("fresh", clock.instant(), rules, 1);
        assertThat(s.clean()).as("1 + 10 - 3 refused + 1").isEqualTo(9);
        assertThat(s.firstSeen()).as("first seen stays").isEqualTo(first);
        assertThat(strikes.standing("fresh", clock.instant(), rules).clean()).as("reading counts nothing").isEqualTo(9);

        Strikes.Standing struck = strikes.strike("fresh", clock.instant(), rules, "query:query_attack");
        assertThat(struck.clean()).as("a strike starts the warm-up again").isZero();
        assertThat(struck.banned()).isFalse();
        strikes.unanswered("fresh", clock.instant(), rules, 5);
        s = strikes.arrive("fresh", clock.instant(), rules, 2);
        assertThat(s.clean()).as("never below 0").isEqualTo(2);
        assertThat(s.strikes()).isEqualTo(1);
        assertThat(s.firstSeen()).isEqualTo(first);

        Strikes.Standing linked = strikes.ban("fresh", clock.instant(), rules, "linked:query:query_attack");
        assertThat(linked.banStarted()).as("banned with 2 strikes of 4").isTrue();
        assertThat(linked.strikes()).isEqualTo(2);
        assertThat(linked.ban().level()).isEqualTo(1);
        assertThat(Duration.between(clock.instant(), linked.ban().until())).isEqualTo(Duration.ofMinutes(1));
        assertThat(strikes.ban("fresh", clock.instant(), rules, "again").banStarted()).as("a running ban is not restarted").isFalse();
        assertThat(strikes.ban("never-seen", clock.instant(), rules, "linked").banStarted()).isTrue();

        // Warm-up is remembered past the strike window, for the escalation memory.
        clock.advance(Duration.ofHours(2));
        s = strikes.arrive("fresh", clock.instant(), rules, 1);
        assertThat(s.strikes()).isZero();
        assertThat(s.clean()).isEqualTo(1);
        assertThat(s.firstSeen()).isEqualTo(first);
        StrikeRules without = new StrikeRules(Duration.ofMinutes(10), 4, Duration.ofMinutes(1), 4, Duration.ofMinutes(30),
                Duration.ofHours(24), 200);
        assertThat(strikes.arrive("fresh", clock.instant(), without, 1).clean()).as("not reported without warm-up").isZero();
        assertThat(strikes.lift("fresh")).isTrue();
        assertThat(strikes.arrive("fresh", clock.instant(), rules, 1).clean()).as("lifting forgets the warm-up too").isEqualTo(1);
    }

    @Test
    void warmupCountsCleanImagesAndLinkedBans() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        warmupCountsCleanImagesAndLinkedBans(MemoryStateStore.ephemeral(clock).strikes("lockout"), clock);
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

    /**
     * Accounts that never had a strike are kept apart from the ledgers and bounded: a flood of one-shot accounts past
     * the limit sweeps the expired first, then the accounts with the fewest answered images, so accounts that warmed up
     * keep their warm-up, and an account struck after the flood still has its images and first-seen time.
     */
    @Test
    void aFloodOfNewAccountsStaysBoundedAndKeepsTheWarmedUp() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        MemoryStrikes strikes = new MemoryStrikes(() -> clock.millis() * 1_000_000L, clock, 100);
        StrikeRules rules = new StrikeRules(Duration.ofMinutes(10), 4, Duration.ofMinutes(1), 4, Duration.ofMinutes(30),
                Duration.ofHours(24), 200, true);
        Instant first = clock.instant();
        for (int i = 0; i < 5; i++) strikes.arrive("warm-" + i, first, rules, 64);
        for (int i = 0; i < 30; i++) strikes.arrive("gone-" + i, first, rules, 1);
        clock.advance(Duration.ofHours(25));
        Instant later = clock.instant();
        for (int i = 0; i < 5; i++) strikes.arrive("warm-" + i, later, rules, 64);

        for (int i = 0; i < 10_000; i++) {
            strikes.arrive("sybil-" + i, clock.instant(), rules, 1);
            assertThat(strikes.freshAccounts()).as("after %d new accounts", i + 1).isLessThanOrEqualTo(100);
            clock.advance(Duration.ofMillis(1));
        }
        for (int i = 0; i < 5; i++) {
            Strikes.Standing warm = strikes.standing("warm-" + i, clock.instant(), rules);
            assertThat(warm.clean()).as("warm-%d's warm-up survives the flood", i).isEqualTo(64);
            assertThat(warm.firstSeen()).as("the day-old visit had expired").isEqualTo(later);
        }
        assertThat(strikes.standing("gone-0", clock.instant(), rules)).isEqualTo(new Strikes.Standing(0, null, false));

        Strikes.Standing struck = strikes.strike("warm-0", clock.instant(), rules, "query:query_attack");
        assertThat(struck.strikes()).isEqualTo(1);
        assertThat(struck.clean()).isZero();
        assertThat(struck.firstSeen()).as("moved into the ledger").isEqualTo(later);
        assertThat(strikes.arrive("warm-0", clock.instant(), rules, 1).clean()).isEqualTo(1);
        assertThat(strikes.bans(clock.instant())).isEmpty();
    }

    /** When every kept account is busy, the sweep still drops the least busy ones first. */
    @Test
    void aFullMapOfBusyAccountsDropsTheLeastBusy() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        MemoryStrikes strikes = new MemoryStrikes(() -> clock.millis() * 1_000_000L, clock, 100);
        StrikeRules rules = new StrikeRules(Duration.ofMinutes(10), 4, Duration.ofMinutes(1), 4, Duration.ofMinutes(30),
                Duration.ofHours(24), 200, true);
        for (int i = 0; i <= 100; i++) strikes.arrive("busy-" + i, clock.instant(), rules, 10_000 + i);
        assertThat(strikes.freshAccounts()).isEqualTo(90);
        for (int i = 0; i <= 100; i++) {
            assertThat(strikes.standing("busy-" + i, clock.instant(), rules).clean()).as("busy-%d", i).isEqualTo(i < 11 ? 0 : 10_000 + i);
        }
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
