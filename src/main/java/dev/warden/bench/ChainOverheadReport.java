package dev.warden.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@link ChainOverheadBenchmark} measured, and its Markdown table. */
public record ChainOverheadReport(Path policy, String model, String shape, long elements, int samples, int iterations,
                                  LatencyPair pair, org.HdrHistogram.Histogram bareCpu, org.HdrHistogram.Histogram guardCpu,
                                  double bareBytesPerCall, double guardBytesPerCall,
                                  List<StageHistograms.Row> stages, org.HdrHistogram.Histogram rest, org.HdrHistogram.Histogram own,
                                  Map<String, Integer> decisions) {
    public double bareP50() {
        return LatencyPair.micros(pair.baseline(), 50);
    }

    public double guardP50() {
        return LatencyPair.micros(pair.candidate(), 50);
    }

    public double addedP50() {
        return guardP50() - bareP50();
    }

    private static double cpu(org.HdrHistogram.Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    public double cpuAddedP50() {
        return cpu(guardCpu, 50) - cpu(bareCpu, 50);
    }

    public double cpuRatioP50() {
        return cpu(guardCpu, 50) / cpu(bareCpu, 50);
    }

    public String markdown(String command) {
        double bareMean = pair.baseline().getMean() / 1e3;
        double guardMean = pair.candidate().getMean() / 1e3;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, """
                | %s, input %s (%,d values) | p50 (µs) | p99 (µs) | mean (µs) |
                |---|---:|---:|---:|
                | bare `Model.infer` | %.1f | %.1f | %.1f |
                | `Guard.handle`, the policy's whole chain | %.1f | %.1f | %.1f |
                | added | **%.1f** | %.1f | %.1f |
                | ratio guard / bare | **%.3f** | **%.3f** | %.3f |
                | CPU time of the call on its thread: bare | %.1f | %.1f | %.1f |
                | CPU time: guarded | %.1f | %.1f | %.1f |
                | CPU time: added | **%.1f** | %.1f | %.1f |
                | CPU time: ratio guard / bare | **%.3f** | **%.3f** | %.3f |

                The guard's own time per call (each guarded call that reached the model, less that call's inference): p50 **%.1f µs**, p99 %.1f µs, mean %.1f µs; the bare p50 plus it: **%.3f x** bare p50.
                Heap allocated per call on the calling thread (mean): bare %,.0f bytes, guarded %,.0f bytes.

                Where the time goes (the guard's own stage timer, over the measured guarded calls):

                | stage | hook | p50 (µs) | p99 (µs) | mean per query (µs) | ns per input value |
                |---|---|---:|---:|---:|---:|
                """, model, shape, elements,
                bareP50(), LatencyPair.micros(pair.baseline(), 99), bareMean,
                guardP50(), LatencyPair.micros(pair.candidate(), 99), guardMean,
                addedP50(), LatencyPair.micros(pair.candidate(), 99) - LatencyPair.micros(pair.baseline(), 99), guardMean - bareMean,
                pair.ratioAt(50), pair.ratioAt(99), guardMean / bareMean,
                cpu(bareCpu, 50), cpu(bareCpu, 99), bareCpu.getMean() / 1e3,
                cpu(guardCpu, 50), cpu(guardCpu, 99), guardCpu.getMean() / 1e3,
                cpu(guardCpu, 50) - cpu(bareCpu, 50), cpu(guardCpu, 99) - cpu(bareCpu, 99), (guardCpu.getMean() - bareCpu.getMean()) / 1e3,
                cpu(guardCpu, 50) / cpu(bareCpu, 50), cpu(guardCpu, 99) / cpu(bareCpu, 99), guardCpu.getMean() / bareCpu.getMean(),
                own.getValueAtPercentile(50) / 1e3, own.getValueAtPercentile(99) / 1e3, own.getMean() / 1e3,
                (LatencyPair.micros(pair.baseline(), 50) + own.getValueAtPercentile(50) / 1e3) / LatencyPair.micros(pair.baseline(), 50),
                bareBytesPerCall, guardBytesPerCall));
        for (StageHistograms.Row r : stages) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.3f |%n", r.stage(), r.hook(), r.p50Micros(), r.p99Micros(),
                    r.meanMicros(), r.nanosPerElement()));
        }
        b.append(String.format(Locale.ROOT, "| the rest (exchange, decision, tiers and hardening, onDecision hooks) | | %.1f | %.1f | %.1f | %.3f |%n",
                rest.getValueAtPercentile(50) / 1e3, rest.getValueAtPercentile(99) / 1e3, rest.getMean() / 1e3, rest.getMean() / elements));
        StringBuilder d = new StringBuilder();
        decisions.forEach((k, v) -> d.append(d.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %,d", k, v)));
        b.append(String.format(Locale.ROOT, """

                %,d interleaved calls of each side, single inputs cycling over %,d samples, one account per query; decisions \
                of the guarded calls: %s. Command: `%s`
                """, iterations, samples, d, command));
        return b.toString();
    }
}
