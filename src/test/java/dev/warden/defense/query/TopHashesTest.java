package dev.warden.defense.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TopHashesTest {
    /** The plain definition: every value sorted, duplicates dropped, the largest first. */
    private static long[] reference(long[] values, int n, int want) {
        long[] distinct = LongStream.of(Arrays.copyOf(values, n)).distinct().sorted().toArray();
        long[] out = new long[Math.min(want, distinct.length)];
        for (int i = 0; i < out.length; i++) out[i] = distinct[distinct.length - 1 - i];
        return out;
    }

    @Test
    void selectsTheLargestDistinctValuesInOrderAsSortingEverythingWould() {
        TopHashes top = new TopHashes();
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 3_000; trial++) {
            int n = random.nextInt(0, 1_200);
            int want = random.nextInt(1, 40);
            long[] values = new long[n + 5];
            int kind = trial % 4;
            for (int i = 0; i < n; i++) {
                values[i] = switch (kind) {
                    case 0 -> random.nextLong();                                  // uniform hashes
                    case 1 -> random.nextLong(0, 50) * 0x0100_0000_0000_0000L;    // many duplicates, few buckets
                    case 2 -> values[Math.max(0, i - random.nextInt(1, 4))] ^ (random.nextInt(3) == 0 ? random.nextLong() : 0);
                    default -> 0x7F00_0000_0000_0000L | random.nextLong(0, 1L << 20); // all in the top bucket
                };
            }
            long[] out = new long[want + 3];
            int written = top.select(values, n, want, out, 3);
            long[] expected = reference(values, n, want);
            assertThat(written).as("trial %d", trial).isEqualTo(expected.length);
            assertThat(Arrays.copyOfRange(out, 3, 3 + written)).as("trial %d", trial).containsExactly(expected);
        }
    }

    @Test
    void writesNothingForNoValuesOrNoneWanted() {
        TopHashes top = new TopHashes();
        long[] out = new long[4];
        assertThat(top.select(new long[] {5, 6}, 0, 3, out, 0)).isZero();
        assertThat(top.select(new long[] {5, 6}, 2, 0, out, 0)).isZero();
    }
}
