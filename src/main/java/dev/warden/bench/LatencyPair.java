package dev.warden.bench;

import org.HdrHistogram.Histogram;

/**
 * Latencies of a baseline and a candidate measured in the same run, interleaved call by call so that
 * whatever else the machine does (JIT, GC, other processes) falls on both alike.
 */
public final class LatencyPair {
    private final Histogram baseline = new Histogram(3_600_000_000_000L, 3);
    private final Histogram candidate = new Histogram(3_600_000_000_000L, 3);

    public void measure(Runnable baselineCall, Runnable candidateCall, int warmup, int iterations) {
        for (int i = 0; i < warmup; i++) {
            baselineCall.run();
            candidateCall.run();
        }
        for (int i = 0; i < iterations; i++) {
            // Alternate which goes first so that neither always runs on a cache the other warmed.
            if ((i & 1) == 0) {
                time(baselineCall, baseline);
                time(candidateCall, candidate);
            } else {
                time(candidateCall, candidate);
                time(baselineCall, baseline);
            }
        }
    }

    private static void time(Runnable call, Histogram into) {
        long start = System.nanoTime();
        call.run();
        into.recordValue(Math.max(1, System.nanoTime() - start));
    }

    public Histogram baseline() {
        return baseline;
    }

    public Histogram candidate() {
        return candidate;
    }

    public double ratioAt(double percentile) {
        return (double) candidate.getValueAtPercentile(percentile) / baseline.getValueAtPercentile(percentile);
    }

    public static double micros(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
