package dev.warden.defense.query;

import java.util.Arrays;

/**
 * Selects the largest distinct values of an array of (uniformly distributed) hashes without a heap: a
 * 256-bucket histogram of the top byte finds the bucket boundary above which at least the wanted number lie,
 * one predictable pass copies those few out, and a sort of that short list (about S + n/256 values) dedupes
 * and orders them. Two linear passes and no data-dependent branch per value, which matters here: a binary
 * heap's mispredicted comparisons cost more than hashing the windows. Per-thread scratch, not thread-safe.
 */
final class TopHashes {
    private final int[] histogram = new int[256];
    private long[] candidates = new long[64];

    /**
     * Writes the {@code want} largest distinct values of {@code values[0, n)} into {@code out} from
     * {@code at}, largest first; returns how many it wrote (fewer when there are fewer distinct values).
     */
    int select(long[] values, int n, int want, long[] out, int at) {
        if (n == 0 || want <= 0) return 0;
        Arrays.fill(histogram, 0);
        for (int i = 0; i < n; i++) histogram[bucket(values[i])]++;
        int boundary = 256;
        int above = 0;
        // Aim above the wanted count, as repeated windows (repeated content) give repeated values; when
        // duplicates still leave too few, widen geometrically.
        for (int target = want + want / 2 + 2; ; target *= 4) {
            while (boundary > 0 && above < target) above += histogram[--boundary];
            int found = collect(values, n, boundary, want, out, at);
            if (found >= want || boundary == 0) return found;
        }
    }

    private int collect(long[] values, int n, int boundary, int want, long[] out, int at) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            long v = values[i];
            if (bucket(v) >= boundary) {
                if (count == candidates.length) candidates = Arrays.copyOf(candidates, count * 2);
                candidates[count++] = v;
            }
        }
        Arrays.sort(candidates, 0, count);
        int written = 0;
        for (int i = count - 1; i >= 0 && written < want; i--) {
            if (i < count - 1 && candidates[i] == candidates[i + 1]) continue;
            out[at + written++] = candidates[i];
        }
        return written;
    }

    /** The top byte as a bucket, in signed order of the values. */
    private static int bucket(long v) {
        return (int) (v >> 56) + 128;
    }
}
