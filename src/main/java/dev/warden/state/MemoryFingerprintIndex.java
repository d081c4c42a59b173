package dev.warden.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Blacklight's inverted index (Li et al., USENIX Security 2022: hash to the stored queries holding it), laid
 * out so that the cost of a query does not grow with history and memory stays flat. One open-addressing
 * table of longs, {@code key << 32 | sequence}, linear probing: the S lookups of a query each read a short
 * run of adjacent longs, with no per-entry objects or pointers to chase, and the S runs are walked in lock
 * step so that their cache misses overlap instead of queueing. Entries are not deleted when their query
 * leaves the window (that would cost S more random accesses per query): an entry whose sequence is out of
 * the live window is stale, skipped by lookups and reused by inserts, and a cleaner sweeps the table
 * sequentially a few cells per query, deleting stale entries by backward shift so that no tombstones build
 * up. A key keeps at most {@code maxPostings} live entries (the oldest is overwritten). Per stored query a
 * ring holds its exact-repeat hash, account hash and arrival. About {@code 16*S + 20} bytes per stored query.
 * One lock: a query's share of the work under it is a few hundred nanoseconds.
 */
final class MemoryFingerprintIndex implements FingerprintIndex {
    /** Live entries fill at most this share of the table; stale ones at most as much again before the sweep. */
    private static final double LIVE_LOAD = 0.5;
    private static final int SWEEPS_PER_WINDOW = 2;
    /** Slots of the direct-mapped cache of account names (a power of two). */
    private static final int NAMES = 1 << 17;

    private final Limits limits;
    private final int hashes;
    private final int capacity;
    private final long retentionMillis;
    private final long[] table;
    private final int size;
    private final int sweepPerQuery;
    private final int[] exact;
    private final long[] accounts;
    private final long[] arrivals;
    // Account names for the attribution log, direct-mapped by account hash: a store and a compare per query, no
    // allocation and no eviction bookkeeping (a bounded cache's per-insert maintenance cost more than the match
    // when every query came from a new source address). A colliding newer account overwrites an older one,
    // whose matches are then logged by hash.
    private final long[] nameHashes;
    private final String[] names;
    private final int[] countSeq;
    private final int[] countValue;
    private final int[] countStamp;
    private final int[] candidateCells;
    private final int[] walkKey;
    private final int[] walkAt;
    private int stamp;
    private int cleaner;
    private long touched;
    private long head = 1;
    private long tail = 1;

    MemoryFingerprintIndex(Limits limits) {
        this.limits = limits;
        this.hashes = limits.hashes();
        this.capacity = limits.capacity();
        this.retentionMillis = limits.retention().toMillis();
        long cells = Math.max(64, (long) Math.ceil((double) capacity * hashes / LIVE_LOAD));
        if (cells > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("capacity * hashes is too large for one index");
        this.size = (int) cells;
        this.table = new long[size];
        // As many name slots as stored queries (a power of two), at most NAMES: a small index stays small.
        int slots = Math.min(NAMES, Integer.highestOneBit(Math.max(64, capacity) * 2 - 1));
        this.nameHashes = new long[slots];
        this.names = new String[slots];
        this.sweepPerQuery = (int) Math.ceil((double) size * SWEEPS_PER_WINDOW / capacity);
        this.exact = new int[capacity];
        this.accounts = new long[capacity];
        this.arrivals = new long[capacity];
        int counters = Integer.highestOneBit(Math.max(16, hashes * limits.maxPostings()) * 2 - 1) << 1;
        this.countSeq = new int[counters];
        this.countValue = new int[counters];
        this.countStamp = new int[counters];
        this.candidateCells = new int[hashes * limits.maxPostings()];
        this.walkKey = new int[256];
        this.walkAt = new int[256];
    }

    Limits limits() {
        return limits;
    }

    /** Bytes held per stored query at full capacity: the table's share and the per-query fields. */
    double bytesPerQuery() {
        return (table.length * 8.0 + capacity * (4.0 + 8 + 8) + names.length * (8.0 + 4)) / capacity;
    }

    /** Cells in use, live or stale (tests: the sweep keeps this bounded). */
    synchronized int occupied() {
        int n = 0;
        for (long e : table) if (e != 0) n++;
        return n;
    }

    int cells() {
        return table.length;
    }

    @Override
    public synchronized long size() {
        return head - tail;
    }

    @Override
    public List<Match> matchAndAdd(List<Fingerprint> fingerprints, String owner, boolean skipOwn, Instant now) {
        long accountHash = accountHash(owner);
        List<Match> out = new ArrayList<>(fingerprints.size());
        synchronized (this) {
            int n = nameSlot(accountHash);
            if (nameHashes[n] != accountHash || names[n] == null) {
                nameHashes[n] = accountHash;
                names[n] = owner;
            }
            for (Fingerprint f : fingerprints) out.add(matchAndAdd(f, accountHash, skipOwn, now.toEpochMilli()));
        }
        return out;
    }

    private Match matchAndAdd(Fingerprint f, long accountHash, boolean skipOwn, long now) {
        while (tail < head && arrivals[slot(tail)] <= now - retentionMillis) tail++;
        prefetchSweep();
        long bestSeq = count(f, skipOwn ? accountHash : 0, skipOwn);
        int best = bestSeq < 0 ? 0 : (int) (bestSeq >>> 32);
        Match match = Match.NONE;
        if (best > 0) {
            int s = slot(head - (int) bestSeq);
            int n = nameSlot(accounts[s]);
            String who = nameHashes[n] == accounts[s] ? names[n] : null;
            match = new Match(best, who != null ? who : "account#" + Long.toHexString(accounts[s]),
                    Duration.ofMillis(Math.max(0, now - arrivals[s])));
        }
        if (head - tail >= capacity) tail++;
        add(f, accountHash, now);
        sweep();
        return match;
    }

    /**
     * Loads the cache lines this query's sweep will clean, at the start, so that they arrive while the lookups
     * run instead of stalling the sweep at the end.
     */
    private void prefetchSweep() {
        long sum = 0;
        for (int k = 0, i = cleaner; k < sweepPerQuery; k += 8, i += 8) sum += table[i < size ? i : i - size];
        touched = sum;
    }

    /** How many sequence numbers back an entry may be and still be live (its query is in the window). */
    private int liveAge() {
        return (int) (head - tail);
    }

    /**
     * The best stored query as {@code shared << 32 | age in sequence numbers}, or -1 when none shares a hash.
     * Postings are counted first; only the winner's exact-repeat hash is looked up (one random access, not
     * one per posting), and a bit-identical winner gives way to the next best.
     */
    private long count(Fingerprint f, long skipOwner, boolean skip) {
        if (++stamp == 0) {
            java.util.Arrays.fill(countStamp, 0);
            stamp = 1;
        }
        int cmask = countSeq.length - 1;
        int headSeq = (int) head;
        int live = liveAge();
        int candidates = 0;
        // The S runs are walked in lock step, one cell of each per round, so that their cache misses overlap.
        int walking = f.size();
        for (int j = 0; j < walking; j++) {
            walkKey[j] = key(f.hash(j));
            walkAt[j] = home(walkKey[j]);
        }
        while (walking > 0) {
            for (int j = 0; j < walking; j++) {
                int i = walkAt[j];
                long e = table[i];
                if (e == 0) {
                    walking--;
                    walkKey[j] = walkKey[walking];
                    walkAt[j] = walkAt[walking];
                    j--;
                    continue;
                }
                walkAt[j] = next(i);
                if ((int) (e >>> 32) != walkKey[j]) continue;
                int age = headSeq - (int) e;
                if (age <= 0 || age > live) continue;
                if (skip && accounts[slot(head - age)] == skipOwner) continue;
                int c = (int) e * 0x9E3779B1 & cmask;
                while (countStamp[c] == stamp && countSeq[c] != (int) e) c = (c + 1) & cmask;
                if (countStamp[c] != stamp) {
                    countStamp[c] = stamp;
                    countSeq[c] = (int) e;
                    countValue[c] = 0;
                    candidateCells[candidates++] = c;
                }
                countValue[c]++;
            }
        }
        while (true) {
            int best = 0;
            int bestAge = 0;
            int bestCell = -1;
            for (int k = 0; k < candidates; k++) {
                int c = candidateCells[k];
                int n = countValue[c];
                int age = headSeq - countSeq[c];
                if (n > best || (n == best && n > 0 && age < bestAge)) {
                    best = n;
                    bestAge = age;
                    bestCell = c;
                }
            }
            if (bestCell < 0) return -1;
            if (exact[slot(head - bestAge)] != f.exact()) return (long) best << 32 | bestAge;
            countValue[bestCell] = 0;
        }
    }

    private void add(Fingerprint f, long accountHash, long now) {
        int seq = (int) head;
        int live = liveAge();
        for (int j = 0; j < f.size(); j++) {
            int key = key(f.hash(j));
            int postings = 0;
            int oldest = -1;
            int oldestAge = -1;
            int reusable = -1;
            int i = home(key);
            for (; table[i] != 0; i = next(i)) {
                long e = table[i];
                int age = seq - (int) e;
                if (age < 0 || age > live) {
                    if (reusable < 0) reusable = i;
                } else if ((int) (e >>> 32) == key) {
                    postings++;
                    if (age > oldestAge) {
                        oldestAge = age;
                        oldest = i;
                    }
                }
            }
            int at = postings >= limits.maxPostings() ? oldest : reusable >= 0 ? reusable : i;
            table[at] = (long) key << 32 | (seq & 0xFFFFFFFFL);
        }
        int s = slot(head);
        exact[s] = f.exact();
        accounts[s] = accountHash;
        arrivals[s] = now;
        head++;
    }

    /** Advances the cleaner over the next few cells (the whole table every half window), deleting stale entries. */
    private void sweep() {
        int live = liveAge();
        int seq = (int) head;
        for (int n = 0; n < sweepPerQuery; n++) {
            long e = table[cleaner];
            if (e != 0) {
                int age = seq - (int) e;
                if (age <= 0 || age > live) {
                    delete(cleaner);
                    continue;
                }
            }
            cleaner = next(cleaner);
        }
    }

    /** Empties cell {@code i} by backward shift: later entries of its run move up so every run stays unbroken. */
    private void delete(int i) {
        int j = i;
        while (true) {
            j = next(j);
            long e = table[j];
            if (e == 0) break;
            int h = home((int) (e >>> 32));
            boolean movable = i <= j ? (h <= i || h > j) : (h <= i && h > j);
            if (movable) {
                table[i] = e;
                i = j;
            }
        }
        table[i] = 0;
    }

    private int nameSlot(long accountHash) {
        return (int) (accountHash ^ (accountHash >>> 32)) & (names.length - 1);
    }

    private int home(int key) {
        return (int) (((key & 0xFFFFFFFFL) * size) >>> 32);
    }

    private int next(int i) {
        return ++i == size ? 0 : i;
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
