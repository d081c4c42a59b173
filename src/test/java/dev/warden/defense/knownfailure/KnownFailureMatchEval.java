package dev.warden.defense.knownfailure;

import dev.warden.bench.AdversarialExamples;
import dev.warden.data.FashionMnist;
import dev.warden.data.IdxReader;
import dev.warden.data.LabeledImages;
import dev.warden.defense.query.FingerprintSettings;
import dev.warden.failures.AffectedModel;
import dev.warden.failures.AttackParams;
import dev.warden.failures.EvidenceInput;
import dev.warden.failures.FailureCaseBuilder;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.Status;
import dev.warden.failures.TensorBytes;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.KnownInput;
import dev.warden.model.Model;
import dev.warden.model.OnnxModel;
import dev.warden.model.ValueRange;
import dev.warden.state.Fingerprint;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Measures the known-failure defense's fingerprint matcher (docs/failures.md), without the server but through
 * the failure database a server reads: every adversarial example of {@code EXAMPLES} (written by
 * {@code warden assess --save-examples}) is recorded with {@link FailureCaseBuilder#adversarialExample} in a
 * fresh SQLite store and confirmed, and the matcher is built over the snapshot the server would read. Then:
 * <ol>
 *   <li>false matches: the bundled 2,000 test images and the full 10,000 (Debian's dataset-fashion-mnist), each
 *       one query, counted at each threshold T, the attacked originals of the examples apart from the rest;</li>
 *   <li>detection: each example resubmitted as is and with small transformations (uniform and Gaussian noise,
 *       brightness, one-pixel shifts), clipped to [0, 1] as the validator demands;</li>
 *   <li>cost: the thread's CPU time of {@code match} per benign query (median over batches of 1,000) with the
 *       real examples as the known set and with 10x and 100x as many known examples (the examples plus
 *       training images), and the time to build the index once per snapshot.</li>
 * </ol>
 * {@code -Dsecrets=N} repeats 1 and 2 with N secrets (default 3). Usage: tools/bench.sh known-failure EXAMPLES
 * [quantization,window,hashes,minTransitions ...]
 */
public final class KnownFailureMatchEval {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final ValueRange RANGE = new ValueRange(0, 1);
    static final long[] SHAPE = {1, 1, 28, 28};
    static final int[] THRESHOLDS = Integer.getInteger("maxT", 12) > 12 ? java.util.stream.IntStream.rangeClosed(4, Integer.getInteger("maxT")).toArray() : new int[]{4, 5, 6, 7, 8, 9, 10, 11, 12};
    static final String[] TRANSFORMS = {"exact", "uniform2/255", "uniform3/255", "gauss0.01", "gauss0.02", "bright+3%",
            "bright-3%", "shift1px-right", "shift1px-down"};

    record Example(String attack, int original, double[] image) {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of("").toAbsolutePath();
        Path dir = Path.of(args.length > 0 ? args[0] : "out/assess-bare/examples");
        List<FingerprintSettings> settings = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split(",");
            settings.add(new FingerprintSettings(Double.parseDouble(p[0]), Integer.parseInt(p[1]), 1, Integer.parseInt(p[2]), Integer.parseInt(p[3])));
        }
        if (settings.isEmpty()) settings.add(FingerprintSettings.defaults());
        LabeledImages bundled = FashionMnist.bundledTest(home);
        LabeledImages full = FashionMnist.fullTest().orElse(null);
        List<Example> examples = examples(dir);
        System.out.printf(Locale.ROOT, "%d adversarial examples from %s (%s); full test set: %s%n", examples.size(), dir,
                String.join(", ", AdversarialExamples.readAll(dir).keySet()), full == null ? "missing (" + FashionMnist.DEBIAN_DIR + ")" : "10,000 images");

        FailureDatabase.Snapshot known = confirm(home, examples, bundled);
        Set<Integer> originals = new HashSet<>();
        for (Example e : examples) originals.add(e.original());
        int secrets = Integer.getInteger("secrets", 3);
        for (FingerprintSettings s : settings) {
            for (int seed = 1; seed <= secrets; seed++) {
                FingerprintMatcher matcher = matcher(s, seed, 1);
                KnownFingerprints index = matcher.indexOf(known);
                System.out.printf(Locale.ROOT, "%n== %s, secret %d: %d known examples indexed%n", s, seed, index.examples());
                benign("bundled 2,000 test images", bundled, originals, matcher, known);
                if (full != null) benign("full 10,000 test images", full, originals, matcher, known);
                detection(examples, matcher, known, new SplittableRandom(seed));
                if (full != null) {
                    FailureDatabase.Snapshot trainKnown = enlarged(new FailureDatabase.Snapshot(0, List.of(), Map.of()), 60_000, train());
                    benign("full 10,000 test images against the 60,000 training images as known examples", full, Set.of(), matcher, trainKnown);
                }
            }
        }
        cost(examples, known, settings.get(0));
    }

    static List<Example> examples(Path dir) {
        List<Example> out = new ArrayList<>();
        AdversarialExamples.readAll(dir).forEach((attack, images) -> {
            List<Integer> indices = AdversarialExamples.indices(dir, attack);
            for (int i = 0; i < images.size(); i++) out.add(new Example(attack, indices.get(i), images.get(i)));
        });
        return out;
    }

    /** Records every example as a failure (the observed label from the bundled CNN), confirms it, reads the snapshot. */
    static FailureDatabase.Snapshot confirm(Path home, List<Example> examples, LabeledImages test) throws Exception {
        Path db = Files.createTempDirectory("warden-kf-eval").resolve("failures.db");
        String url = "jdbc:sqlite:" + db;
        JdbcFailureStore store = JdbcFailureStore.open(url);
        long t0 = System.nanoTime();
        try (Model cnn = OnnxModel.load(home.resolve("models/fashion-cnn.onnx"), "fashion-cnn", 1)) {
            for (Example e : examples) {
                Tensor input = Tensor.fp32("input", SHAPE, e.image());
                int predicted = argmax(cnn.infer(Map.of("input", input)).get("logits").values());
                String id = store.record(FailureCaseBuilder.adversarialExample(new AffectedModel("fashion-cnn", "1", null), input,
                        test.label(e.original()), "class " + test.label(e.original()), predicted, "class " + predicted,
                        new AttackParams(e.attack(), null, null, null, null)).build());
                store.setStatus(id, Status.CONFIRMED);
            }
        }
        long t1 = System.nanoTime();
        FailureDatabase.Snapshot snapshot = FailureDatabase.at(url).reloadNow();
        System.out.printf(Locale.ROOT, "recorded and confirmed %d failures in %.1f s; snapshot read in %.0f ms (%d evidence inputs, revision %d)%n",
                examples.size(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e6, snapshot.inputs().size(), snapshot.revision());
        return snapshot;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    /** A matcher keyed with a fixed secret (repeatable) that reports every hit with at least {@code threshold} shared hashes. */
    static FingerprintMatcher matcher(FingerprintSettings s, long seed, int threshold) {
        byte[] secret = new byte[32];
        new SplittableRandom(seed).nextBytes(secret);
        return new FingerprintMatcher(() -> s.fingerprinter(RANGE, secret), threshold);
    }

    /** Shared hashes of the best known example for {@code image}, or 0; exact copies count as all S. */
    static int best(FingerprintMatcher matcher, FailureDatabase.Snapshot known, double[] image, int hashes) {
        Tensor t = Tensor.fp32("input", SHAPE, image);
        if (known.failureByExampleSha256().containsKey(TensorBytes.sha256(TensorBytes.example(t, 0)))) return hashes;
        KnownFingerprints.Hit hit = matcher.indexOf(known).match("input", image.length, matcher.fingerprint(image), 1);
        return hit == null ? 0 : hit.shared();
    }

    static void benign(String what, LabeledImages images, Set<Integer> originals, FingerprintMatcher matcher, FailureDatabase.Snapshot known) {
        int hashes = matcher.fingerprint(images.image(0)).size();
        int[] attacked = new int[THRESHOLDS.length];
        int[] others = new int[THRESHOLDS.length];
        int nAttacked = 0;
        for (int i = 0; i < images.count(); i++) {
            boolean original = originals.contains(i);
            if (original) nAttacked++;
            int shared = best(matcher, known, images.image(i), hashes);
            for (int k = 0; k < THRESHOLDS.length; k++) {
                if (shared >= THRESHOLDS[k]) (original ? attacked : others)[k]++;
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "false matches, %s (attacked originals %d + others %d), at T>=:",
                what, nAttacked, images.count() - nAttacked));
        for (int k = 0; k < THRESHOLDS.length; k++) line.append(String.format(Locale.ROOT, " %d: %d+%d", THRESHOLDS[k], attacked[k], others[k]));
        System.out.println(line);
    }

    static void detection(List<Example> examples, FingerprintMatcher matcher, FailureDatabase.Snapshot known, SplittableRandom r) {
        int hashes = matcher.fingerprint(examples.get(0).image()).size();
        Map<String, List<Example>> byAttack = new LinkedHashMap<>();
        for (Example e : examples) byAttack.computeIfAbsent(e.attack(), a -> new ArrayList<>()).add(e);
        for (String kind : TRANSFORMS) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "detected %-15s", kind));
            for (Map.Entry<String, List<Example>> a : byAttack.entrySet()) {
                int[] matched = new int[THRESHOLDS.length];
                for (Example e : a.getValue()) {
                    int shared = best(matcher, known, transform(e.image(), kind, r), hashes);
                    for (int k = 0; k < THRESHOLDS.length; k++) if (shared >= THRESHOLDS[k]) matched[k]++;
                }
                line.append("  ").append(a.getKey()).append(" at T>=");
                for (int k = 0; k < THRESHOLDS.length; k++) {
                    line.append(String.format(Locale.ROOT, " %d:%.1f%%", THRESHOLDS[k], 100.0 * matched[k] / a.getValue().size()));
                }
            }
            System.out.println(line);
        }
    }

    static double[] transform(double[] x, String kind, SplittableRandom r) {
        double[] y = x.clone();
        switch (kind) {
            case "exact" -> {
                return y;
            }
            case "uniform2/255", "uniform3/255" -> {
                double a = (kind.charAt(7) - '0') / 255.0;
                for (int i = 0; i < y.length; i++) y[i] += (r.nextDouble() * 2 - 1) * a;
            }
            case "gauss0.01", "gauss0.02" -> {
                double s = Double.parseDouble(kind.substring(5));
                for (int i = 0; i < y.length; i++) y[i] += s * gaussian(r);
            }
            case "bright+3%" -> {
                for (int i = 0; i < y.length; i++) y[i] *= 1.03;
            }
            case "bright-3%" -> {
                for (int i = 0; i < y.length; i++) y[i] *= 0.97;
            }
            case "shift1px-right" -> {
                for (int i = 0; i < 28; i++) for (int j = 0; j < 28; j++) y[i * 28 + j] = x[i * 28 + Math.max(0, j - 1)];
            }
            case "shift1px-down" -> {
                for (int i = 0; i < 28; i++) for (int j = 0; j < 28; j++) y[i * 28 + j] = x[Math.max(0, i - 1) * 28 + j];
            }
            default -> throw new IllegalArgumentException(kind);
        }
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1, Math.max(0, y[i]));
        return y;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * CPU per {@code match} call for benign queries (test images: the common case, every path taken: SHA-256,
     * fingerprint, lookup) against the real known set and against 10x and 100x as many known examples.
     */
    static void cost(List<Example> examples, FailureDatabase.Snapshot real, FingerprintSettings s) {
        LabeledImages train = train();
        LabeledImages queries = FashionMnist.fullTest().orElseThrow();
        System.out.printf(Locale.ROOT, "%ncost of FingerprintMatcher.match per benign query (%s, %s %s, %d cores)%n", s,
                System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        double first = 0;
        for (int factor : new int[]{1, 10, 100}) {
            FailureDatabase.Snapshot known = factor == 1 ? real : enlarged(real, examples.size() * factor, train);
            FingerprintMatcher matcher = matcher(s, 1, KnownFailureConfig.DEFAULT_THRESHOLD);
            System.gc();
            long heap0 = usedHeap();
            long b0 = THREADS.getCurrentThreadCpuTime();
            matcher.indexOf(known);
            double buildMs = (THREADS.getCurrentThreadCpuTime() - b0) / 1e6;
            System.gc();
            double heapPer = (usedHeap() - heap0) / (double) known.inputs().size();
            Tensor[] batch = new Tensor[1000];
            Histogram cpu = new Histogram(3);
            Histogram wall = new Histogram(3);
            SplittableRandom r = new SplittableRandom(7);
            int matched = 0;
            for (int round = 0; round < 120; round++) {
                for (int i = 0; i < batch.length; i++) batch[i] = Tensor.fp32("input", SHAPE, queries.image(r.nextInt(queries.count())));
                long c0 = THREADS.getCurrentThreadCpuTime();
                for (Tensor t : batch) {
                    long w0 = System.nanoTime();
                    if (matcher.match(known, t, 0) != null) matched++;
                    wall.recordValue(System.nanoTime() - w0);
                }
                if (round >= 20) cpu.recordValue((THREADS.getCurrentThreadCpuTime() - c0) / batch.length);
            }
            double us = cpu.getValueAtPercentile(50) / 1000.0;
            if (first == 0) first = us;
            System.out.printf(Locale.ROOT, "known examples %,7d: cpu %6.2f us/query (median of batches; ratio to first %.2f)  wall p50 %6.2f p99 %6.2f us"
                            + "  index built in %.0f ms cpu, ~%.0f bytes of index/known example  (%d of 120,000 queries matched)%n",
                    known.inputs().size(), us, us / first, wall.getValueAtPercentile(50) / 1000.0, wall.getValueAtPercentile(99) / 1000.0,
                    buildMs, heapPer, matched);
        }
        Tensor t = Tensor.fp32("input", SHAPE, queries.image(0));
        Histogram sha = new Histogram(3);
        Histogram fp = new Histogram(3);
        FingerprintMatcher m = matcher(s, 1, 1);
        for (int round = 0; round < 120; round++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < 1000; i++) TensorBytes.sha256(TensorBytes.example(t, 0));
            long c1 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < 1000; i++) m.fingerprint(t.values());
            long c2 = THREADS.getCurrentThreadCpuTime();
            if (round >= 20) {
                sha.recordValue((c1 - c0) / 1000);
                fp.recordValue((c2 - c1) / 1000);
            }
        }
        System.out.printf(Locale.ROOT, "of which: exact path (canonical bytes + SHA-256) %.2f us, fingerprint %.2f us (cpu, median)%n",
                sha.getValueAtPercentile(50) / 1000.0, fp.getValueAtPercentile(50) / 1000.0);
    }

    /** The real snapshot plus training images as further known examples, up to {@code n} (an in-memory snapshot). */
    static FailureDatabase.Snapshot enlarged(FailureDatabase.Snapshot real, int n, LabeledImages train) {
        List<KnownInput> inputs = new ArrayList<>(real.inputs());
        Map<String, String> exact = new HashMap<>(real.failureByExampleSha256());
        for (int i = 0; inputs.size() < n; i++) {
            byte[] bytes = TensorBytes.encode(Tensor.fp32("input", SHAPE, train.image(i % train.count())));
            String sha = TensorBytes.sha256(bytes);
            String id = "WFD-BENCH-" + i;
            inputs.add(new KnownInput(id, new EvidenceInput("input", DataType.FP32, List.of(1L, 1L, 28L, 28L), sha), bytes));
            exact.putIfAbsent(sha, id);
        }
        return new FailureDatabase.Snapshot(real.revision() + n, inputs, exact);
    }

    static LabeledImages train() {
        return new LabeledImages(IdxReader.readImages(FashionMnist.DEBIAN_DIR.resolve("train-images-idx3-ubyte.gz")),
                IdxReader.readLabels(FashionMnist.DEBIAN_DIR.resolve("train-labels-idx1-ubyte.gz")));
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
