package dev.warden.bench;

import dev.warden.data.FashionMnist;
import dev.warden.data.IdxReader;
import dev.warden.data.LabeledImages;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.query.QueryConfig;
import dev.warden.defense.query.QueryFactory;
import dev.warden.guard.Account;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Query;
import dev.warden.guard.Reveal;
import dev.warden.guard.Tier;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.policy.PolicyLoader;
import dev.warden.state.MemoryStateStore;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * The query detector's per-query cost as history grows: for each size N, a detector whose index holds N
 * stored queries (28x28 inputs, capacity N, so every new query also evicts one), then the time of
 * {@code beforeModel} (fingerprint, match, store) for fresh queries, in one JVM run. Inputs are Fashion-MNIST
 * training images with a random shift, brightness and noise, so stored queries are distinct but alike.
 * The cost is the thread's CPU time per query (median over batches of 1,000, so that other processes on a
 * shared machine do not count), with wall-clock percentiles per query beside it; and the heap the detector
 * holds per stored query. Usage: tools/bench.sh index [sizes...] (JVM: -Xmx3g).
 */
public final class QueryIndexBenchmark {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final int MEASURED = 200_000;
    static final int WARMUP = 200_000;

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[]{1_000, 100_000, 1_000_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        LabeledImages train = new LabeledImages(IdxReader.readImages(FashionMnist.DEBIAN_DIR.resolve("train-images-idx3-ubyte.gz")),
                IdxReader.readLabels(FashionMnist.DEBIAN_DIR.resolve("train-labels-idx1-ubyte.gz")));
        SplittableRandom random = new SplittableRandom(42);
        System.out.printf(Locale.ROOT, "query detector per-query cost (beforeModel: fingerprint + match + store), %s, %d cores%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        double first = 0;
        for (int n : sizes) {
            System.gc();
            long before = usedHeap();
            Defense detector = detector(n);
            for (int i = 0; i < n; i++) detector.beforeModel(exchange(image(train, random), i));
            System.gc();
            double bytes = (usedHeap() - before) / (double) n;
            for (int i = 0; i < WARMUP; i++) detector.beforeModel(exchange(image(train, random), i));
            Histogram wall = new Histogram(3);
            Histogram cpuPerBatch = new Histogram(3);
            Exchange[] batch = new Exchange[1000];
            for (int done = 0; done < MEASURED; done += batch.length) {
                for (int i = 0; i < batch.length; i++) batch[i] = exchange(image(train, random), i);
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                for (Exchange e : batch) {
                    long t0 = System.nanoTime();
                    detector.beforeModel(e);
                    wall.recordValue(System.nanoTime() - t0);
                }
                cpuPerBatch.recordValue((THREADS.getCurrentThreadCpuTime() - cpu0) / batch.length);
            }
            double cpu = cpuPerBatch.getValueAtPercentile(50) / 1000.0;
            if (first == 0) first = cpu;
            System.out.printf(Locale.ROOT, "stored %,9d: cpu %6.2f us/query (median of batches; ratio to first %.2f)  wall p50 %6.2f  p90 %6.2f  p99 %7.2f  heap %.0f bytes/stored query%n",
                    n, cpu, cpu / first, wall.getValueAtPercentile(50) / 1000.0, wall.getValueAtPercentile(90) / 1000.0,
                    wall.getValueAtPercentile(99) / 1000.0, bytes);
            detector = null;
        }
    }

    static Defense detector(int capacity) {
        ModelMetadata meta = new ModelMetadata("bench", "1", "test", List.of(new TensorSpec("input", DataType.FP32, new long[]{-1, 1, 28, 28})),
                List.of(new TensorSpec("logits", DataType.FP32, new long[]{-1, 10})), null, new ValueRange(0, 1), null, null, null, null, null);
        QueryConfig d = QueryConfig.defaults();
        QueryConfig config = new QueryConfig(d.quantization(), d.window(), d.stride(), d.hashes(), d.threshold(), d.minTransitions(),
                capacity, 86_400, d.maxPostings(), d.action(), d.method(), d.bits());
        Clock clock = Clock.systemUTC();
        var policy = PolicyLoader.parse("version: 1\nmodels:\n  - name: bench\n    path: none.onnx\n", "bench.yaml", Path.of("."));
        return new QueryFactory().create(config, new DefenseContext(meta, Map.of(), policy, clock, new SimpleMeterRegistry(),
                MemoryStateStore.ephemeral(clock)));
    }

    static final Tier TIER = new Tier(Reveal.SCORES, 3, null, false, false);

    static Exchange exchange(double[] image, int i) {
        Query q = Query.of("bench", new Account("acct" + (i % 100), "scores", false),
                Map.of("input", Tensor.fp32("input", new long[]{1, 1, 28, 28}, image)), Instant.EPOCH);
        return new Exchange(q, null, TIER);
    }

    /** A training image shifted by up to 3 px each way, brightness x[0.8, 1.2], noise +-0.02. */
    static double[] image(LabeledImages train, SplittableRandom r) {
        double[] x = train.image(r.nextInt(train.count()));
        int dy = r.nextInt(7) - 3, dx = r.nextInt(7) - 3;
        double gain = 0.8 + 0.4 * r.nextDouble();
        double[] y = new double[784];
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                int si = i - dy, sj = j - dx;
                double v = si < 0 || si >= 28 || sj < 0 || sj >= 28 ? 0 : x[si * 28 + sj];
                y[i * 28 + j] = Math.min(1, Math.max(0, v * gain + (r.nextDouble() * 2 - 1) * 0.02));
            }
        }
        return y;
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
