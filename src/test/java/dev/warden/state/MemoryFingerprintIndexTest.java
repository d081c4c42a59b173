package dev.warden.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.state.FingerprintIndex.Limits;
import dev.warden.state.FingerprintIndex.Match;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MemoryFingerprintIndexTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Fingerprint random(SplittableRandom r, int n) {
        long[] h = new long[n];
        for (int i = 0; i < n; i++) h[i] = r.nextLong();
        return new Fingerprint(h, r.nextInt());
    }

    /** The first {@code keep} hashes of {@code f} and fresh ones for the rest. */
    static Fingerprint sharing(Fingerprint f, int keep, SplittableRandom r) {
        long[] h = f.hashes();
        for (int i = keep; i < h.length; i++) h[i] = r.nextLong();
        return new Fingerprint(h, r.nextInt());
    }

    static Match one(FingerprintIndex index, Fingerprint f, String account, Instant at) {
        return index.matchAndAdd(List.of(f), account, at).get(0);
    }

    @Test
    void countsTheMostHashesSharedWithOneStoredQueryAndNamesItsAccount() {
        SplittableRandom r = new SplittableRandom(1);
        MemoryFingerprintIndex index = new MemoryFingerprintIndex(new Limits(20, 100, Duration.ofHours(1), 16));
        Fingerprint a = random(r, 20);
        assertThat(one(index, a, "alice", T0)).isEqualTo(Match.NONE);
        one(index, random(r, 20), "bob", T0);
        Match m = one(index, sharing(a, 12, r), "mallory", T0.plusSeconds(5));
        assertThat(m.shared()).isEqualTo(12);
        assertThat(m.account()).isEqualTo("alice");
        assertThat(m.age()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBitIdenticalRepeatIsNotAMatchButANearCopyIs() {
        SplittableRandom r = new SplittableRandom(2);
        MemoryFingerprintIndex index = new MemoryFingerprintIndex(new Limits(20, 100, Duration.ofHours(1), 16));
        Fingerprint a = random(r, 20);
        one(index, a, "alice", T0);
        assertThat(one(index, a, "alice", T0).shared()).isZero();
        assertThat(one(index, new Fingerprint(a.hashes(), a.exact() + 1), "alice", T0).shared()).isEqualTo(20);
    }

    /** Shared with the Redis store's test: a stream skips its own earlier frames, never anyone else's. */
    static void aStreamSkipsOnlyItsOwnEarlierFrames(FingerprintIndex index, SplittableRandom r, Instant t0) {
        Fingerprint frame = random(r, 20);
        String cam = "cam-owner\u0000front-door";
        assertThat(index.matchAndAdd(List.of(frame), cam, true, t0).get(0)).isEqualTo(Match.NONE);
        assertThat(index.matchAndAdd(List.of(sharing(frame, 18, r)), cam, true, t0).get(0).shared())
                .as("the same stream's next frame").isZero();
        assertThat(index.matchAndAdd(List.of(sharing(frame, 17, r)), "cam-owner\u0000back-door", true, t0).get(0).shared())
                .as("another stream of the same account").isEqualTo(17);
        Match other = index.matchAndAdd(List.of(sharing(frame, 16, r)), "mallory", false, t0).get(0);
        assertThat(other.shared()).as("a query of another account").isEqualTo(16);
        assertThat(index.matchAndAdd(List.of(sharing(frame, 15, r)), cam, true, t0).get(0).shared())
                .as("the stream still meets other owners' copies").isEqualTo(15);
    }

    @Test
    void aGrantedStreamIsNotMatchedAgainstItsOwnFramesButAgainstEveryoneElse() {
        aStreamSkipsOnlyItsOwnEarlierFrames(new MemoryFingerprintIndex(new Limits(20, 100, Duration.ofHours(1), 16)),
                new SplittableRandom(9), T0);
    }

    @Test
    void laterItemsOfABatchMatchEarlierOnes() {
        SplittableRandom r = new SplittableRandom(3);
        MemoryFingerprintIndex index = new MemoryFingerprintIndex(new Limits(20, 100, Duration.ofHours(1), 16));
        Fingerprint a = random(r, 20);
        List<Match> m = index.matchAndAdd(List.of(a, sharing(a, 15, r)), "x", T0);
        assertThat(m.get(0).shared()).isZero();
        assertThat(m.get(1).shared()).isEqualTo(15);
    }

    @Test
    void forgetsBeyondCapacityAndRetentionAndStaysBounded() {
        SplittableRandom r = new SplittableRandom(4);
        MemoryFingerprintIndex index = new MemoryFingerprintIndex(new Limits(20, 50, Duration.ofMinutes(10), 16));
        Fingerprint a = random(r, 20);
        one(index, a, "alice", T0);
        for (int i = 0; i < 49; i++) one(index, random(r, 20), "bob", T0);
        assertThat(one(index, sharing(a, 20, r), "eve", T0).shared()).as("the 50th query back is still held").isEqualTo(20);
        for (int i = 0; i < 50; i++) one(index, random(r, 20), "bob", T0);
        assertThat(one(index, sharing(a, 20, r), "eve", T0).shared()).as("beyond capacity").isZero();
        assertThat(index.size()).isEqualTo(50);

        Fingerprint b = random(r, 20);
        one(index, b, "carol", T0.plusSeconds(60));
        assertThat(one(index, sharing(b, 10, r), "eve", T0.plus(Duration.ofMinutes(10)).plusSeconds(59)).shared()).isEqualTo(10);
        long[] rest = b.hashes();
        for (int i = 0; i < 10; i++) rest[i] = r.nextLong();
        assertThat(one(index, new Fingerprint(rest, 1), "eve", T0.plus(Duration.ofMinutes(11)).plusSeconds(1)).shared())
                .as("beyond retention").isZero();
        assertThat(index.size()).isEqualTo(2);

        for (int i = 0; i < 100_000; i++) {
            one(index, random(r, 20), "bob", T0.plus(Duration.ofMinutes(12)));
            if (i % 997 == 0) assertThat(index.occupied()).as("cells in use after %d", i).isLessThanOrEqualTo(index.cells() * 3 / 4);
        }
        assertThat(index.size()).isEqualTo(50);
        assertThat(index.bytesPerQuery()).isLessThan(512);
    }

    @Test
    void aPopularHashKeepsOnlyItsNewestPostings() {
        SplittableRandom r = new SplittableRandom(5);
        MemoryFingerprintIndex index = new MemoryFingerprintIndex(new Limits(4, 10_000, Duration.ofHours(1), 3));
        long popular = r.nextLong();
        for (int i = 0; i < 1000; i++) {
            one(index, new Fingerprint(new long[]{popular, r.nextLong(), r.nextLong(), r.nextLong()}, i), "a", T0);
        }
        Match m = one(index, new Fingerprint(new long[]{popular, r.nextLong(), r.nextLong(), r.nextLong()}, -1), "b", T0);
        assertThat(m.shared()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(1001);
    }
}
