package dev.warden.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Blacklight's inverted index (Li et al., USENIX Security 2022: hash to the stored queries holding it), laid
 * out so that the cost of a query does not grow with history and memory stays flat. One open-addressing
 * table of longs, {@code key << 32 | sequence}, linear probing: the S lookups of a query each read a short
 * run of adjacent longs, with no per-entry objects or pointers to chase. A key keeps at most
 * {@code maxPostings} entries (the oldest is overwritten), so no popular hash grows a long run. A ring of
 * {@code capacity} slots holds each stored query's keys, exact-repeat hash, account hash and arrival: the
 * oldest query is evicted (its keys deleted by backward shift, which leaves no tombstones) when the ring is
 * full or the query is older than the retention. About {@code 8*S/load + 4*S + 16} bytes per stored query.
 * One lock: a query's share of the work under it is a few hundred nanoseconds.
 */
final class MemoryFingerprintIndex implements FingerprintIndex {
    private static final double MAX_LOAD = 0.75;
    private static final int NAMES = 100_000;

    private final Limits limits;
    private final int hashes;
    private final int capacity;
    private final long retentionMillis;
    private final long[] table;
    private final int mask;
    private final int[] keys;
    private final int[] exact;
    private final long[] accounts;
    private final long[] arrivals;
    private final Cache<Long, String> names = Caffeine.newBuilder().maximumSize(NAMES).build();
    private final int[] countSeq;
    private final int[] countValue;
    private final int[] countStamp;
    private int stamp;
    private long head = 1;
    private long tail = 1;

    MemoryFingerprintIndex(Limits limits) {
        this.limits = limits;
        this.hashes = limits.hashes();
        this.capacity = limits.capacity();
        this.retentionMillis = limits.retention().toMillis();
        long entries = (long) capacity * hashes;
        long size = Long.highestOneBit(Math.max(16, (long) Math.ceil(entries / MAX_LOAD)) - 1) << 1;
        if (size > 1L << 30) throw new IllegalArgumentException("capacity * hashes is too large for one index: " + entries);
        this.table = new long[(int) size];
        this.mask = (int) size - 1;
        this.keys = new int[Math.multiplyExact(capacity, hashes)];
        this.exact = new int[capacity];
        this.accounts = new long[capacity];
        this.arrivals = new long[capacity];
        int counters = Integer.highestOneBit(Math.max(16, hashes * limits.maxPostings()) * 2 - 1) << 1;
        this.countSeq = new int[counters];
        this.countValue = new int[counters];
        this.countStamp = new int[counters];
    }

    Limits limits() {
        return limits;
    }

    /** Bytes held per stored query at full capacity: the table's share, the ring's keys and the per-query fields. */
    double bytesPerQuery() {
        return (table.length * 8.0 + keys.length * 4.0 + capacity * (4.0 + 8 + 8)) / capacity;
    }

    @Override
    public synchronized long size() {
        return head - tail;
    }

    @Override
    public List<Match> matchAndAdd(List<Fingerprint> fingerprints, String account, Instant now) {
        long accountHash = accountHash(account);
        names.put(accountHash, account);
        List<Match> out = new ArrayList<>(fingerprints.size());
        synchronized (this) {
            for (Fingerprint f : fingerprints) out.add(matchAndAdd(f, accountHash, now.toEpochMilli()));
        }
        return out;
    }

    private Match matchAndAdd(Fingerprint f, long accountHash, long now) {
        while (tail < head && arrivals[slot(tail)] <= now - retentionMillis) evict(tail++);
        long bestSeq = count(f);
        int best = bestSeq < 0 ? 0 : (int) (bestSeq >>> 32);
        Match match = Match.NONE;
        if (best > 0) {
            int s = slot(head - (int) bestSeq);
            String who = names.getIfPresent(accounts[s]);
            match = new Match(best, who != null ? who : "account#" + Long.toHexString(accounts[s]),
                    Duration.ofMillis(Math.max(0, now - arrivals[s])));
        }
        if (head - tail >= capacity) evict(tail++);
        add(f, accountHash, now);
        return match;
    }

    /** The best stored query as {@code shared << 32 | age in sequence numbers}, or -1 when none shares a hash. */
    private long count(Fingerprint f) {
        if (++stamp == 0) {
            java.util.Arrays.fill(countStamp, 0);
            stamp = 1;
        }
        int cmask = countSeq.length - 1;
        int headSeq = (int) head;
        int best = 0;
        int bestAge = 0;
        for (int j = 0; j < f.size(); j++) {
            int key = key(f.hash(j));
            for (int i = key & mask; table[i] != 0; i = (i + 1) & mask) {
                long e = table[i];
                if ((int) (e >>> 32) != key) continue;
                int age = headSeq - (int) e;
                if (exact[slot(head - age)] == f.exact()) continue;
                int c = (int) e * 0x9E3779B1 & cmask;
                while (countStamp[c] == stamp && countSeq[c] != (int) e) c = (c + 1) & cmask;
                if (countStamp[c] != stamp) {
                    countStamp[c] = stamp;
                    countSeq[c] = (int) e;
                    countValue[c] = 0;
                }
                int n = ++countValue[c];
                if (n > best || (n == best && age < bestAge)) {
                    best = n;
                    bestAge = age;
                }
            }
        }
        return best == 0 ? -1 : (long) best << 32 | bestAge;
    }

    private void add(Fingerprint f, long accountHash, long now) {
        int s = slot(head);
        int seq = (int) head;
        int base = s * hashes;
        for (int j = 0; j < hashes; j++) {
            if (j >= f.size()) {
                keys[base + j] = 0;
                continue;
            }
            int key = key(f.hash(j));
            keys[base + j] = key;
            int postings = 0;
            int oldest = -1;
            int oldestAge = -1;
            int i = key & mask;
            for (; table[i] != 0; i = (i + 1) & mask) {
                long e = table[i];
                if ((int) (e >>> 32) != key) continue;
                postings++;
                int age = seq - (int) e;
                if (age > oldestAge) {
                    oldestAge = age;
                    oldest = i;
                }
            }
            table[postings >= limits.maxPostings() ? oldest : i] = (long) key << 32 | (seq & 0xFFFFFFFFL);
        }
        exact[s] = f.exact();
        accounts[s] = accountHash;
        arrivals[s] = now;
        head++;
    }

    private void evict(long seq) {
        int base = slot(seq) * hashes;
        for (int j = 0; j < hashes; j++) {
            int key = keys[base + j];
            if (key != 0) delete(key, (int) seq);
            keys[base + j] = 0;
        }
    }

    /** Removes the entry (key, seq) if still there (a capped key may have overwritten it), by backward shift. */
    private void delete(int key, int seq) {
        long wanted = (long) key << 32 | (seq & 0xFFFFFFFFL);
        int i = key & mask;
        while (table[i] != wanted) {
            if (table[i] == 0) return;
            i = (i + 1) & mask;
        }
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long e = table[j];
            if (e == 0) break;
            int home = (int) (e >>> 32) & mask;
            boolean movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (movable) {
                table[i] = e;
                i = j;
            }
        }
        table[i] = 0;
    }

    private int slot(long seq) {
        return (int) (seq % capacity);
    }

    /** The low 32 bits of a keyed window hash; 0 marks an empty cell, so it is moved to 1. */
    private static int key(long hash) {
        int k = (int) hash;
        return k == 0 ? 1 : k;
    }

    static long accountHash(String account) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < account.length(); i++) h = (h ^ account.charAt(i)) * 0x100000001b3L;
        return h ^ (h >>> 29);
    }
}
