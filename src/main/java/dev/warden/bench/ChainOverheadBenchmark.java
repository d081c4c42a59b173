package dev.warden.bench;

import dev.warden.data.Samples;
import dev.warden.guard.Account;
import dev.warden.guard.Guard;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.model.Model;
import dev.warden.model.TensorSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A policy's whole chain in process, built as the server builds it, against bare inference of the same route,
 * interleaved call by call ({@link LatencyPair}). Every defense hook is timed through the guard's own
 * {@link dev.warden.guard.StageTimer} during the measured calls, so the table says where the added time goes and
 * what each stage costs per input element. Each query comes from its own account (as a load tester with one
 * account per request would send them), so per-account state (lockout strikes, knn buffers) stays out of the
 * way of benign traffic; the decisions taken are counted and printed, so that a chain that refused the traffic
 * (and so skipped the model) cannot pass for a cheap one.
 */
public final class ChainOverheadBenchmark {
    private ChainOverheadBenchmark() {
    }

    /** {@code model}: a served model's name in the policy, or null for its first. */
    public static ChainOverheadReport run(Path policy, String model, Function<dev.warden.model.ModelMetadata, Samples> data,
                                          int warmup, int iterations) {
        StageHistograms stages = new StageHistograms();
        try (PolicyBench bench = new PolicyBench(policy, model, Clock.systemUTC(), stages)) {
            Model m = bench.model();
            TensorSpec spec = m.metadata().inputs().get(0);
            long elements = elements(spec);
            Samples images = Samples.loaded(data.apply(m.metadata()), samplesFor(elements));
            Guard guard = bench.guard();
            String tier = bench.policy().anonymous() != null && bench.policy().anonymous().tier() != null
                    ? bench.policy().anonymous().tier() : "label";
            Map<String, Integer> decisions = new TreeMap<>();
            long[] next = {0, 0};
            boolean[] measuring = {false};
            // Inputs are built once, outside the timed calls: at 3x224x224 building one costs as much as a defense.
            List<Map<String, Tensor>> inputs = new ArrayList<>(images.count());
            for (int i = 0; i < images.count(); i++) inputs.add(Map.of(spec.name(), GuardOverheadBenchmark.single(spec, images, i)));
            Runnable bare = () -> m.infer(inputs.get((int) (next[0]++ % inputs.size())));
            // The guarded call's time outside every timed stage (exchange, decision, tiers, hooks), call by call.
            org.HdrHistogram.Histogram rest = new org.HdrHistogram.Histogram(3_600_000_000_000L, 3);
            // The guard's own time, call by call: the guarded call less its own model inference. Unlike the difference
            // of two p50s it does not move with the model's own spread (its inference time is bimodal on some hosts).
            org.HdrHistogram.Histogram own = new org.HdrHistogram.Histogram(3_600_000_000_000L, 3);
            Runnable guarded = () -> {
                long i = next[1]++;
                long start = System.nanoTime();
                Outcome o = guard.handle(Query.of(m.metadata().name(), new Account("bench-" + i, tier, false),
                        inputs.get((int) (i % inputs.size())), Instant.EPOCH));
                long elapsed = System.nanoTime() - start;
                long untimed = elapsed - stages.takeCallTotal();
                long inference = stages.takeCallModel();
                if (measuring[0]) {
                    rest.recordValue(Math.max(1, untimed));
                    if (inference > 0) own.recordValue(Math.max(1, elapsed - inference));
                    String key = o.decision().action().name().toLowerCase(java.util.Locale.ROOT)
                            + (o.decision().defense() == null ? "" : " (" + o.decision().defense() + ")");
                    decisions.merge(key, 1, Integer::sum);
                }
            };
            // Besides wall time, each call's CPU time on this thread (ONNX Runtime with one intra-op thread infers on
            // the caller's): on a machine shared with other work, waiting for a core inflates wall time, not this.
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            org.HdrHistogram.Histogram bareCpu = new org.HdrHistogram.Histogram(3_600_000_000_000L, 3);
            org.HdrHistogram.Histogram guardCpu = new org.HdrHistogram.Histogram(3_600_000_000_000L, 3);
            long[] allocated = new long[2];
            Runnable bareTimed = cpuTimed(bare, threads, bareCpu, measuring, allocated, 0);
            Runnable guardedTimed = cpuTimed(guarded, threads, guardCpu, measuring, allocated, 1);
            LatencyPair pair = new LatencyPair();
            pair.measure(bareTimed, guardedTimed, warmup, 0);
            stages.reset();
            measuring[0] = true;
            pair.measure(bareTimed, guardedTimed, 0, iterations);
            List<String> order = bench.stages().stream().map(s -> s.defense().name()).toList();
            return new ChainOverheadReport(policy, m.metadata().name(), shape(spec), elements, images.count(), iterations,
                    pair, bareCpu, guardCpu, (double) allocated[0] / iterations, (double) allocated[1] / iterations,
                    stages.rows(order, iterations, elements), rest, own, decisions);
        }
    }

    /** Times {@code call}'s CPU on this thread and adds the bytes it allocated to {@code allocated[side]}. */
    private static Runnable cpuTimed(Runnable call, java.lang.management.ThreadMXBean threads, org.HdrHistogram.Histogram into,
                                     boolean[] measuring, long[] allocated, int side) {
        com.sun.management.ThreadMXBean bytes = threads instanceof com.sun.management.ThreadMXBean t ? t : null;
        return () -> {
            long startBytes = bytes == null ? 0 : bytes.getCurrentThreadAllocatedBytes();
            long start = threads.getCurrentThreadCpuTime();
            call.run();
            long cpu = threads.getCurrentThreadCpuTime() - start;
            if (measuring[0]) {
                into.recordValue(Math.max(1, cpu));
                if (bytes != null) allocated[side] += bytes.getCurrentThreadAllocatedBytes() - startBytes;
            }
        };
    }

    /** Samples held in memory: 2,000 small images, fewer large ones (at most about 200 MB of doubles). */
    static int samplesFor(long elements) {
        return (int) Math.max(16, Math.min(GuardOverheadBenchmark.SAMPLES, 25_000_000L / Math.max(1, elements)));
    }

    static long elements(TensorSpec spec) {
        long n = 1;
        long[] shape = spec.shape();
        for (int i = 1; i < shape.length; i++) n *= Math.max(1, shape[i]);
        return n;
    }

    private static String shape(TensorSpec spec) {
        long[] s = spec.shape().clone();
        if (s.length > 0) s[0] = 1;
        StringBuilder b = new StringBuilder();
        for (long d : s) b.append(b.length() == 0 ? "" : "x").append(d);
        return b.toString();
    }
}
