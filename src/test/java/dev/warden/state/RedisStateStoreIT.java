package dev.warden.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.TestClock;
import dev.warden.policy.RedisSettings;
import dev.warden.state.FingerprintIndex.Limits;
import dev.warden.state.FingerprintIndex.Match;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The Redis store against a real Redis on 127.0.0.1:6379: the same rules as the memory store, and a TTL on every key. */
class RedisStateStoreIT {
    final JedisPooled redis = RedisFixture.shared();
    final String prefix = RedisFixture.uniquePrefix("store");

    RedisStateStore store(Clock clock) {
        return RedisStateStore.connect(new RedisSettings(RedisFixture.SHARED_URL, prefix, null, null, null), prefix, clock, new SimpleMeterRegistry());
    }

    @AfterEach
    void cleanUp() {
        RedisFixture.delete(redis, prefix);
        redis.close();
    }

    void everyKeyHasATtl() {
        List<String> keys = RedisFixture.keys(redis, prefix);
        assertThat(keys).isNotEmpty();
        for (String key : keys) assertThat(redis.pttl(key)).as(key).isPositive();
    }

    @Test
    void fingerprintsMatchLikeTheMemoryIndexAcrossStores() {
        Instant t0 = Instant.now();
        SplittableRandom r = new SplittableRandom(1);
        Limits limits = new Limits(20, 100, Duration.ofMinutes(10), 16);
        try (RedisStateStore a = store(Clock.systemUTC()); RedisStateStore b = store(Clock.systemUTC())) {
            FingerprintIndex one = a.fingerprints("query:m", limits);
            FingerprintIndex two = b.fingerprints("query:m", limits);
            Fingerprint f = MemoryFingerprintIndexTest.random(r, 20);
            assertThat(one.matchAndAdd(List.of(f), "alice", t0).get(0)).isEqualTo(Match.NONE);
            Match m = two.matchAndAdd(List.of(MemoryFingerprintIndexTest.sharing(f, 12, r)), "anon:10.0.0.9", t0.plusSeconds(3)).get(0);
            assertThat(m.shared()).isEqualTo(12);
            assertThat(m.account()).isEqualTo("alice");
            assertThat(m.age()).isEqualTo(Duration.ofSeconds(3));
            assertThat(two.matchAndAdd(List.of(f), "alice", t0).get(0).shared()).as("bit-identical repeat").isEqualTo(12);
            List<Match> batch = one.matchAndAdd(List.of(MemoryFingerprintIndexTest.random(r, 20), MemoryFingerprintIndexTest.random(r, 20)), "x", t0);
            assertThat(batch).containsExactly(Match.NONE, Match.NONE);
            assertThat(one.matchAndAdd(List.of(MemoryFingerprintIndexTest.sharing(f, 20, r)), "x", t0.plus(Duration.ofMinutes(11))).get(0).shared())
                    .as("beyond retention").isZero();
            everyKeyHasATtl();
        }
    }

    @Test
    void aGrantedStreamSkipsOnlyItsOwnFramesAcrossStores() {
        try (RedisStateStore a = store(Clock.systemUTC())) {
            MemoryFingerprintIndexTest.aStreamSkipsOnlyItsOwnEarlierFrames(
                    a.fingerprints("query:streams", new Limits(20, 100, Duration.ofMinutes(10), 16)), new SplittableRandom(9), Instant.now());
        }
    }

    @Test
    void fingerprintsBeyondCapacityDoNotCount() {
        SplittableRandom r = new SplittableRandom(2);
        Instant t0 = Instant.now();
        try (RedisStateStore a = store(Clock.systemUTC())) {
            FingerprintIndex index = a.fingerprints("query:m", new Limits(8, 5, Duration.ofMinutes(10), 4));
            Fingerprint f = MemoryFingerprintIndexTest.random(r, 8);
            index.matchAndAdd(List.of(f), "a", t0);
            for (int i = 0; i < 5; i++) index.matchAndAdd(List.of(MemoryFingerprintIndexTest.random(r, 8)), "a", t0);
            assertThat(index.matchAndAdd(List.of(MemoryFingerprintIndexTest.sharing(f, 8, r)), "b", t0).get(0).shared()).isZero();
        }
    }

    @Test
    void aQueryExactlyCapacityBackStillCountsWhenItsBucketIsSwept() {
        SplittableRandom r = new SplittableRandom(4);
        Instant t0 = Instant.now();
        try (RedisStateStore a = store(Clock.systemUTC())) {
            FingerprintIndex index = a.fingerprints("query:sweep", new Limits(8, 4, Duration.ofMinutes(10), 4));
            for (int i = 0; i < 2; i++) index.matchAndAdd(List.of(MemoryFingerprintIndexTest.random(r, 8)), "a", t0);
            Fingerprint f = MemoryFingerprintIndexTest.random(r, 8);
            index.matchAndAdd(List.of(f), "alice", t0);                                    // query 3
            for (int i = 0; i < 3; i++) index.matchAndAdd(List.of(MemoryFingerprintIndexTest.random(r, 8)), "a", t0);  // 4..6
            Match m = index.matchAndAdd(List.of(MemoryFingerprintIndexTest.sharing(f, 8, r)), "b", t0).get(0);      // 7: sweeps first
            assertThat(m.shared()).as("query 3 is 4 back, within the capacity of 4").isEqualTo(8);
            assertThat(m.account()).isEqualTo("alice");
        }
    }

    @Test
    void aMatchSpansTheEpochBoundaryAndQueriesThatNoLongerCountAreSwept() {
        SplittableRandom r = new SplittableRandom(3);
        Instant t0 = Instant.now();
        try (RedisStateStore a = store(Clock.systemUTC())) {
            FingerprintIndex index = a.fingerprints("query:epochs", new Limits(8, 4, Duration.ofMinutes(10), 4));
            for (int i = 0; i < 2; i++) index.matchAndAdd(List.of(MemoryFingerprintIndexTest.random(r, 8)), "a", t0);
            Fingerprint f = MemoryFingerprintIndexTest.random(r, 8);
            index.matchAndAdd(List.of(f), "alice", t0);                                    // query 3, epoch 0
            for (int i = 0; i < 2; i++) index.matchAndAdd(List.of(MemoryFingerprintIndexTest.random(r, 8)), "a", t0);  // 4, 5: epoch 1
            Match m = index.matchAndAdd(List.of(MemoryFingerprintIndexTest.sharing(f, 8, r)), "b", t0).get(0);      // 6
            assertThat(m.shared()).as("query 3, one epoch back, within the capacity of 4").isEqualTo(8);
            assertThat(m.account()).isEqualTo("alice");
            for (int i = 0; i < 6; i++) index.matchAndAdd(List.of(MemoryFingerprintIndexTest.random(r, 8)), "a", t0);  // 7..12: epoch 3 begins
            List<String> keys = RedisFixture.keys(redis, prefix);
            assertThat(keys).as("the metadata of epochs 2 and 3 remains").anyMatch(k -> k.endsWith(":m2")).anyMatch(k -> k.endsWith(":m3"));
            assertThat(keys).as("the metadata of epochs 0 and 1 is dropped").noneMatch(k -> k.matches(".*:m[01]$"));
            long postings = keys.stream().filter(k -> k.matches(".*:p\\d+$")).mapToLong(k -> redis.hlen(k) - 1).sum();
            assertThat(postings).as("one bucket, swept at queries 7 and 11: the hashes of queries 7 to 12 only (3 and 6 left at 11)")
                    .isEqualTo(6 * 8);
            everyKeyHasATtl();
        }
    }

    @Test
    void strikesFollowTheSameRulesAsTheMemoryStore() {
        TestClock clock = new TestClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        try (RedisStateStore a = store(clock)) {
            MemoryStrikesTest.slidingWindowBansAndEscalates(a.strikes("lockout"), clock);
            a.strikes("lockout").strike("b", clock.instant(), MemoryStrikesTest.RULES, "r");
            everyKeyHasATtl();
        }
    }

    @Test
    void warmupAndLinkedBansAsInTheMemoryStore() {
        TestClock clock = new TestClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        try (RedisStateStore a = store(clock); RedisStateStore b = store(clock)) {
            MemoryStrikesTest.warmupCountsCleanImagesAndLinkedBans(a.strikes("lockout"), clock);
            StrikeRules rules = new StrikeRules(java.time.Duration.ofMinutes(10), 4, java.time.Duration.ofMinutes(1), 4,
                    java.time.Duration.ofMinutes(30), java.time.Duration.ofHours(24), 0, true);
            a.strikes("lockout").arrive("shared", clock.instant(), rules, 5);
            assertThat(b.strikes("lockout").arrive("shared", clock.instant(), rules, 1).clean()).as("one count for every replica").isEqualTo(6);
            everyKeyHasATtl();
        }
    }

    @Test
    void strikesLeaveTheQueryWindowAsInTheMemoryStore() {
        TestClock clock = new TestClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        try (RedisStateStore a = store(clock)) {
            MemoryStrikesTest.strikesLeaveTheQueryWindow(a.strikes("lockout"), clock);
            everyKeyHasATtl();
        }
    }

    @Test
    void aBanOnOneStoreHoldsOnAnother() {
        Instant now = Instant.now();
        StrikeRules once = new StrikeRules(Duration.ofMinutes(1), 1, Duration.ofMinutes(5), 2, Duration.ofHours(1), Duration.ofHours(1));
        try (RedisStateStore a = store(Clock.systemUTC()); RedisStateStore b = store(Clock.systemUTC())) {
            assertThat(a.strikes("lockout").strike("anon:1.2.3.4", now, once, "query:query_attack").banStarted()).isTrue();
            Strikes.Standing there = b.strikes("lockout").standing("anon:1.2.3.4", now.plusSeconds(1), once);
            assertThat(there.banned()).isTrue();
            assertThat(there.ban().until()).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plus(Duration.ofMinutes(5)));
            assertThat(b.strikes("lockout").bans(now)).extracting(Ban::account).containsExactly("anon:1.2.3.4");
            assertThat(b.strikes("lockout").lift("anon:1.2.3.4")).isTrue();
            assertThat(a.strikes("lockout").standing("anon:1.2.3.4", now, once).banned()).isFalse();
        }
    }

    @Test
    void vectorsAndSecretsAreShared() {
        try (RedisStateStore a = store(Clock.systemUTC()); RedisStateStore b = store(Clock.systemUTC())) {
            VectorBuffers va = a.vectors("knn:m", new VectorBuffers.Limits(2, Duration.ofMinutes(1), 10));
            VectorBuffers vb = b.vectors("knn:m", new VectorBuffers.Limits(2, Duration.ofMinutes(1), 10));
            assertThat(va.exchange("alice", new float[]{1, 2}, Instant.now())).isEmpty();
            va.exchange("alice", new float[]{3, 4}, Instant.now());
            float[][] seen = vb.exchange("alice", new float[]{5, 6}, Instant.now());
            assertThat(seen).hasDimensions(2, 2);
            assertThat(seen[0]).containsExactly(3, 4);
            assertThat(seen[1]).containsExactly(1, 2);
            assertThat(va.exchange("alice", new float[]{7, 8}, Instant.now())[0]).containsExactly(5, 6);
            byte[] secret = a.secret("query-fingerprint");
            assertThat(secret).hasSize(StateStore.SECRET_BYTES).isEqualTo(b.secret("query-fingerprint"));
            everyKeyHasATtl();
        }
    }

    @Test
    void replicasCachingBuffersSeeExactlyWhatOneSharedBufferHolds() {
        VectorBuffers.Limits limits = new VectorBuffers.Limits(5, Duration.ofMinutes(1), 10);
        try (RedisStateStore a = store(Clock.systemUTC()); RedisStateStore b = store(Clock.systemUTC()); RedisStateStore c = store(Clock.systemUTC())) {
            List<VectorBuffers> replicas = List.of(a.vectors("knn:m", limits), b.vectors("knn:m", limits), c.vectors("knn:m", limits));
            SplittableRandom r = new SplittableRandom(11);
            VectorBuffers reference = new MemoryVectorBuffers(limits, com.github.benmanes.caffeine.cache.Ticker.systemTicker());
            for (int i = 0; i < 400; i++) {
                if (i == 30) {
                    RedisFixture.delete(redis, prefix);          // the buffers expire in Redis; replicas still hold theirs
                    reference = new MemoryVectorBuffers(limits, com.github.benmanes.caffeine.cache.Ticker.systemTicker());
                }
                String account = "acct" + r.nextInt(3);
                float[] v = {i, r.nextInt(1000)};
                float[][] expected = reference.exchange(account, v, Instant.now());
                float[][] actual = replicas.get(r.nextInt(3)).exchange(account, v, Instant.now());
                assertThat(actual).as("exchange %d on %s", i, account).isDeepEqualTo(expected);
            }
            everyKeyHasATtl();
        }
    }

    @Test
    void buffersOfIdsThatLookLikeEachOthersKeysStayApart() {
        try (RedisStateStore a = store(Clock.systemUTC())) {
            VectorBuffers v = a.vectors("temporal:m", new VectorBuffers.Limits(4, Duration.ofMinutes(1), 10));
            List<String> ids = List.of("cam", "cam:n", "n:cam", "v:cam");
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < ids.size(); i++) {
                    float[][] before = v.exchange(ids.get(i), new float[]{i, round}, Instant.now());
                    assertThat(before).as(ids.get(i)).hasNumberOfRows(round);
                    if (round == 1) assertThat(before[0]).containsExactly(i, 0);
                }
            }
        }
    }

    @Test
    void anErrorReplyFailsThatCallOnlyAndDoesNotMarkRedisDown() {
        try (RedisStateStore a = store(Clock.systemUTC())) {
            VectorBuffers v = a.vectors("knn:m", new VectorBuffers.Limits(4, Duration.ofMinutes(1), 10));
            v.exchange("bob", new float[]{1}, Instant.now());
            String bobs = RedisFixture.keys(redis, prefix).stream().filter(k -> k.endsWith(":n:bob")).findFirst().orElseThrow();
            String mallorys = bobs.replace(":n:bob", ":n:mallory");
            redis.set(mallorys, "not a hash");
            redis.pexpire(mallorys, 60_000);
            assertThatThrownBy(() -> v.exchange("mallory", new float[]{2}, Instant.now())).isInstanceOf(StateUnavailableException.class)
                    .hasMessageContaining("WRONGTYPE");
            assertThat(v.exchange("bob", new float[]{3}, Instant.now())).as("other keys still served at once").hasNumberOfRows(1);
        }
    }

    @Test
    void anUnreachableRedisFailsFastAfterTheFirstTimeout() {
        RedisSettings nowhere = new RedisSettings("redis://127.0.0.1:1", prefix, 200, 60_000, null);
        try (RedisStateStore dead = RedisStateStore.connect(nowhere, prefix, Clock.systemUTC(), new SimpleMeterRegistry())) {
            assertThatThrownBy(() -> dead.secret("x")).isInstanceOf(StateUnavailableException.class);
            long t = System.nanoTime();
            assertThatThrownBy(() -> dead.strikes("lockout").standing("a", Instant.now(), MemoryStrikesTest.RULES))
                    .isInstanceOf(StateUnavailableException.class).hasMessageContaining("next try");
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofMillis(50));
            assertThat(dead.available()).isFalse();
        }
    }
}
