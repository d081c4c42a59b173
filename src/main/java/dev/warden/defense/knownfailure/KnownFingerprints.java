package dev.warden.defense.knownfailure;

import dev.warden.defense.query.Fingerprinter;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.TensorBytes;
import dev.warden.failures.store.KnownInput;
import dev.warden.state.Fingerprint;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyed fingerprints of every evidence example of one failure-database snapshot, as an inverted index
 * from hash to examples (one per input name and example size: only inputs of the same size compare).
 * Blacklight's match rule (Li et al., 2022), applied to confirmed failures instead of recent queries: a
 * lookup probes the S hashes of a query's fingerprint and counts, per known example, how many it shares.
 * Built once per snapshot; immutable afterwards, so request threads share it without locks. Counting uses a
 * per-thread array indexed by example rather than sorting the postings: a lookup stays linear in the
 * postings it touches, which grow with the database (docs/failures.md measures 10x and 100x).
 */
final class KnownFingerprints {
    static final KnownFingerprints EMPTY = new KnownFingerprints(null, Map.of());
    /** Per-thread counters of shared hashes, one per known example, left all zero after each lookup. */
    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[0]);

    private final FailureDatabase.Snapshot snapshot;
    private final Map<Shape, Table> tables;

    private record Shape(String input, int length) {
    }

    /** The known example a query shares the most hashes with: its failure, and how many hashes. */
    record Hit(String failureId, int shared) {
    }

    private KnownFingerprints(FailureDatabase.Snapshot snapshot, Map<Shape, Table> tables) {
        this.snapshot = snapshot;
        this.tables = tables;
    }

    /** Fingerprints each numeric evidence example of {@code snapshot}. */
    static KnownFingerprints build(FailureDatabase.Snapshot snapshot, Fingerprinter fingerprinter) {
        Map<Shape, Builder> builders = new LinkedHashMap<>();
        for (KnownInput k : snapshot.inputs()) {
            Tensor t = TensorBytes.decode(k.input().name(), k.input().datatype(), k.input().shapeArray(), k.bytes());
            if (!t.isNumeric() || t.size() == 0) continue;
            int per = TensorBytes.perExample(t);
            long batch = k.input().shape().isEmpty() ? 1 : t.batchSize();
            Builder b = builders.computeIfAbsent(new Shape(t.name(), per), s -> new Builder());
            for (int i = 0; i < batch; i++) b.add(k.failureId(), fingerprinter.fingerprint(t.values(), i * per, per));
        }
        Map<Shape, Table> tables = new HashMap<>();
        builders.forEach((shape, b) -> tables.put(shape, b.build()));
        return new KnownFingerprints(snapshot, Map.copyOf(tables));
    }

    FailureDatabase.Snapshot snapshot() {
        return snapshot;
    }

    /** Whether any known example has this input name and size (else there is nothing to fingerprint for). */
    boolean covers(String input, int length) {
        return tables.containsKey(new Shape(input, length));
    }

    int examples() {
        int n = 0;
        for (Table t : tables.values()) n += t.failureIds.length;
        return n;
    }

    /** The known example that shares the most hashes with {@code f}, if at least {@code threshold}; else null. */
    Hit match(String input, int length, Fingerprint f, int threshold) {
        Table table = tables.get(new Shape(input, length));
        return table == null ? null : table.match(f, threshold);
    }

    /**
     * Open addressing over the distinct hashes (linear probing on the low bits, which a keyed hash spreads
     * evenly; the high bits are not, as a fingerprint keeps the largest hashes), each slot naming a run of
     * {@code postings}: the examples that have the hash.
     */
    private static final class Table {
        private final long[] keys;
        private final int[] from;
        private final int[] to;
        private final int[] postings;
        private final String[] failureIds;
        private final int mask;

        Table(long[] keys, int[] from, int[] to, int[] postings, String[] failureIds) {
            this.keys = keys;
            this.from = from;
            this.to = to;
            this.postings = postings;
            this.failureIds = failureIds;
            this.mask = keys.length - 1;
        }

        private int slot(long hash) {
            for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
                if (to[i] == 0) return -1;
                if (keys[i] == hash) return i;
            }
        }

        Hit match(Fingerprint f, int threshold) {
            int[] counts = COUNTS.get();
            if (counts.length < failureIds.length) {
                counts = new int[failureIds.length];
                COUNTS.set(counts);
            }
            int best = -1;
            int bestCount = threshold - 1;
            for (int h = 0; h < f.size(); h++) {
                int s = slot(f.hash(h));
                if (s < 0) continue;
                for (int p = from[s]; p < to[s]; p++) {
                    int c = ++counts[postings[p]];
                    if (c > bestCount) {
                        bestCount = c;
                        best = postings[p];
                    }
                }
            }
            for (int h = 0; h < f.size(); h++) {
                int s = slot(f.hash(h));
                if (s >= 0) for (int p = from[s]; p < to[s]; p++) counts[postings[p]] = 0;
            }
            return best < 0 ? null : new Hit(failureIds[best], bestCount);
        }
    }

    private static final class Builder {
        private final List<String> failureIds = new ArrayList<>();
        private final Map<Long, List<Integer>> byHash = new LinkedHashMap<>();

        void add(String failureId, Fingerprint f) {
            int example = failureIds.size();
            failureIds.add(failureId);
            for (long h : f.hashes()) byHash.computeIfAbsent(h, x -> new ArrayList<>()).add(example);
        }

        Table build() {
            int size = Integer.highestOneBit(Math.max(2, byHash.size() * 2 - 1)) << 1;
            long[] keys = new long[size];
            int[] from = new int[size];
            int[] to = new int[size];
            int[] postings = new int[byHash.values().stream().mapToInt(List::size).sum()];
            int next = 0;
            for (Map.Entry<Long, List<Integer>> e : byHash.entrySet()) {
                int i = (int) (long) e.getKey() & (size - 1);
                while (to[i] != 0) i = (i + 1) & (size - 1);
                keys[i] = e.getKey();
                from[i] = next;
                for (int example : e.getValue()) postings[next++] = example;
                to[i] = next;
            }
            return new Table(keys, from, to, postings, failureIds.toArray(String[]::new));
        }
    }
}
