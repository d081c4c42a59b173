package dev.warden.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What the strikes store keeps of accounts that never had a strike or ban: their images counted so far, in a plain
 * map rather than the strikes' cache, since nearly every account is one of these (one per source address, a Sybil
 * flood's one-shot accounts) and a cache write per query is what made the lockout cost. Bounded: past
 * {@code limit} accounts, a sweep drops the expired and then those with the fewest answered images (the least
 * warm-up lost) until a tenth of the room is free again.
 */
final class FreshAccounts {
    static final int DEFAULT_LIMIT = 1_000_000;
    private static final int COUNTED = 4096;

    /**
     * An account's images counted ({@code queries}), those answered ({@code clean}), when it was first seen and until
     * when it is kept, both in nanoseconds since the epoch (two longs instead of two more objects per account).
     */
    record Progress(long queries, long clean, long firstSeen, long keepUntil) {
        static Progress first(Instant now) {
            long at = nanos(now);
            return new Progress(0, 0, at, at);
        }

        boolean liveAt(Instant now) {
            return nanos(now) < keepUntil;
        }

        Progress arrived(int images, long keep) {
            return new Progress(queries + images, clean + images, firstSeen, Math.max(keepUntil, keep));
        }

        Progress unanswered(int images) {
            return new Progress(queries, Math.max(0, clean - images), firstSeen, keepUntil);
        }

        Instant firstSeenInstant() {
            return Instant.ofEpochSecond(0, firstSeen);
        }

        Instant keepUntilInstant() {
            return Instant.ofEpochSecond(0, keepUntil);
        }
    }

    private static final Duration MOST_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    private final ConcurrentHashMap<String, Progress> accounts = new ConcurrentHashMap<>();
    private final int limit;
    private final int sweepTo;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    FreshAccounts(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1");
        this.limit = limit;
        this.sweepTo = limit - limit / 10;
    }

    /**
     * Replaces the account's live progress (null: none, or expired) by what {@code update} returns (null: forget it),
     * holding the account's lock while {@code update} runs: it may touch other maps, never this one.
     */
    void update(String account, Instant now, UnaryOperator<Progress> update) {
        boolean[] added = new boolean[1];
        accounts.compute(account, (k, old) -> {
            Progress next = update.apply(old != null && old.liveAt(now) ? old : null);
            added[0] = old == null && next != null;
            return next;
        });
        if (added[0] && accounts.size() > limit) sweep(now);
    }

    /** The account's live progress, or null. */
    Progress get(String account, Instant now) {
        Progress p = accounts.get(account);
        return p != null && p.liveAt(now) ? p : null;
    }

    int size() {
        return accounts.size();
    }

    /** One thread sweeps at a time; the others go on (the map may pass the limit by the accounts they add meanwhile). */
    private void sweep(Instant now) {
        if (!sweeping.compareAndSet(false, true)) return;
        try {
            accounts.values().removeIf(p -> !p.liveAt(now));
            int excess = accounts.size() - sweepTo;
            if (excess <= 0) return;
            long cut = fewest(excess);
            excess -= removeWhere(excess, p -> p.clean() < cut);
            removeWhere(excess, p -> p.clean() == cut);
        } finally {
            sweeping.set(false);
        }
    }

    /**
     * The answered-image count of the {@code n}th account from the fewest: counted in one pass when it is below
     * {@value #COUNTED} (a flood's accounts have one or a few), sorted otherwise.
     */
    private long fewest(int n) {
        int[] counts = new int[COUNTED];
        for (Progress p : accounts.values()) if (p.clean() < COUNTED) counts[(int) p.clean()]++;
        int seen = 0;
        for (int c = 0; c < COUNTED; c++) {
            seen += counts[c];
            if (seen >= n) return c;
        }
        long[] clean = accounts.values().stream().mapToLong(Progress::clean).toArray();
        Arrays.sort(clean);
        return clean.length == 0 ? 0 : clean[Math.min(n, clean.length) - 1];
    }

    /** Removes up to {@code most} accounts whose progress passes {@code test}, unless updated meanwhile; returns how many. */
    private int removeWhere(int most, Predicate<Progress> test) {
        int removed = 0;
        for (Iterator<Map.Entry<String, Progress>> it = accounts.entrySet().iterator(); it.hasNext() && removed < most; ) {
            Map.Entry<String, Progress> e = it.next();
            if (test.test(e.getValue()) && accounts.remove(e.getKey(), e.getValue())) removed++;
        }
        return removed;
    }

    static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    /** {@code at} plus {@code d}, in nanoseconds since the epoch, at most {@link Long#MAX_VALUE}. */
    static long plus(long at, Duration d) {
        long n = d.compareTo(MOST_NANOS) >= 0 ? Long.MAX_VALUE : d.toNanos();
        long sum = at + n;
        return sum < at ? Long.MAX_VALUE : sum;
    }
}
