package dev.warden.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Instant;

/**
 * Per-key rings of recent vectors in a Caffeine cache bounded by keys and idle time. A key's first vector has
 * nothing to be compared with, so it takes no ring: it waits in a small two-way set-associative table of first
 * sights (the older of a set's two replaced when both are taken) and moves into a ring with the key's second
 * vector. A key seen once (every query of a one-account-per-request client, a flood of fresh Sybil accounts)
 * so costs no cache insert and evicts no other key's ring; a first vector whose place was taken by another
 * key's before its second arrived is forgotten, as a ring evicted by the cache's size bound is.
 */
final class MemoryVectorBuffers implements VectorBuffers {
    private static final class Ring {
        final float[][] vectors;
        int next;
        int size;

        Ring(int capacity) {
            vectors = new float[capacity][];
        }

        void add(float[] vector) {
            vectors[next] = vector;
            next = (next + 1) % vectors.length;
            size = Math.min(vectors.length, size + 1);
        }
    }

    /** A key's first vector, with when it came (ticker nanoseconds), for the idle limit. */
    private record First(String key, float[] vector, long at) {
    }

    private static final float[][] NONE = new float[0][];
    private static final int WAYS = 2;

    private final Limits limits;
    private final Cache<String, Ring> rings;
    private final Ticker ticker;
    private final long retentionNanos;
    /** Sets of {@link #WAYS} entries; a set's entries are read and written under that set's lock. */
    private final First[] firsts;
    private final Object[] locks;
    private final int setMask;

    MemoryVectorBuffers(Limits limits, Ticker ticker) {
        this.limits = limits;
        this.ticker = ticker;
        this.retentionNanos = limits.retention().toNanos();
        this.rings = Caffeine.newBuilder().maximumSize(limits.maxAccounts()).expireAfterAccess(limits.retention())
                .ticker(ticker).executor(Runnable::run).build();
        int sets = Integer.highestOneBit(Math.max(1, Math.min(limits.maxAccounts(), 1 << 20) - 1)) << 1;
        this.firsts = new First[sets * WAYS];
        this.setMask = sets - 1;
        this.locks = new Object[Math.min(sets, 64)];
        for (int i = 0; i < locks.length; i++) locks[i] = new Object();
    }

    Limits limits() {
        return limits;
    }

    /** Keys holding a ring (seen at least twice and not forgotten). */
    long keys() {
        rings.cleanUp();
        return rings.estimatedSize();
    }

    @Override
    public float[][] exchange(String account, float[] vector, Instant now) {
        Ring ring = rings.getIfPresent(account);
        if (ring == null) {
            ring = firstOrPromote(account, vector);
            if (ring == null) return NONE;
        }
        synchronized (ring) {
            int n = ring.vectors.length;
            float[][] out = new float[ring.size][];
            for (int i = 0; i < ring.size; i++) out[i] = ring.vectors[Math.floorMod(ring.next - 1 - i, n)];
            ring.add(vector.clone());
            return out;
        }
    }

    /**
     * For a key without a ring: its ring made from the first vector it left, or null when this is its first
     * vector (then kept as such).
     */
    private Ring firstOrPromote(String account, float[] vector) {
        int h = account.hashCode();
        int set = (h ^ (h >>> 16)) & setMask;
        int at = set * WAYS;
        long time = ticker.read();
        synchronized (locks[set & (locks.length - 1)]) {
            // Another thread may have promoted this key since the cache was read.
            Ring ring = rings.getIfPresent(account);
            if (ring != null) return ring;
            int replace = at;
            long oldest = Long.MAX_VALUE;
            for (int w = at; w < at + WAYS; w++) {
                First f = firsts[w];
                if (f != null && f.key().equals(account) && time - f.at() < retentionNanos) {
                    firsts[w] = null;
                    ring = new Ring(limits.capacity());
                    ring.add(f.vector());
                    rings.put(account, ring);
                    return ring;
                }
                // An empty place, or this key's own forgotten first vector, before the older of two others.
                long age = f == null || f.key().equals(account) ? Long.MIN_VALUE : f.at();
                if (age < oldest) {
                    oldest = age;
                    replace = w;
                }
            }
            firsts[replace] = new First(account, vector.clone(), time);
            return null;
        }
    }
}
