package dev.warden.bench;

import dev.warden.data.Samples;
import dev.warden.guard.Account;
import dev.warden.guard.Guard;
import dev.warden.guard.Query;
import dev.warden.guard.Stage;
import dev.warden.model.Model;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each defense's added cost per query: a guard holding that one defense against bare {@link Model#infer}
 * on single test samples, interleaved call by call ({@link LatencyPair}), one defense after another
 * in the same process. Queries carry a stream id and frame index so that temporal does its work.
 */
public final class DefenseCostBenchmark {
    public record Row(String policy, String defense, double bareP50, double guardP50, double bareP99, double guardP99) {
        double addedP50() {
            return guardP50 - bareP50;
        }
    }

    public static String markdown(List<Row> rows, int iterations, String command) {
        StringBuilder b = new StringBuilder("""
                | policy | defense (settings) | bare p50 (µs) | guarded p50 (µs) | **added p50 (µs)** | ratio p50 | bare p99 (µs) | guarded p99 (µs) |
                |---|---|---:|---:|---:|---:|---:|---:|
                """);
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | **%.1f** | %.2f | %.1f | %.1f |%n", r.policy(), r.defense(),
                    r.bareP50(), r.guardP50(), r.addedP50(), r.guardP50() / r.bareP50(), r.bareP99(), r.guardP99()));
        }
        return b.append(String.format(Locale.ROOT, "%n%d interleaved calls of each side per defense, single samples cycling over the "
                + "first 2,000 of the data (fewer where it has fewer), one ONNX Runtime intra-op thread, decision log off. Command: `%s`%n", iterations, command)).toString();
    }

    private DefenseCostBenchmark() {
    }

    /** {@code data} gives the samples for each policy's model input; the first 2,000 are converted once, before measuring. */
    public static List<Row> run(List<Path> policies, java.util.function.Function<dev.warden.model.ModelMetadata, Samples> data, int warmup, int iterations) {
        List<Row> rows = new ArrayList<>();
        for (Path policy : policies) {
            try (PolicyBench bench = new PolicyBench(policy, null, Clock.systemUTC())) {
                Model model = bench.model();
                dev.warden.model.TensorSpec input = model.metadata().inputs().get(0);
                Samples images = Samples.loaded(data.apply(model.metadata()), GuardOverheadBenchmark.SAMPLES);
                // The first defense measured must not pay for warming ONNX Runtime and the JIT up.
                for (int i = 0; i < warmup; i++) model.infer(Map.of(input.name(), GuardOverheadBenchmark.single(input, images, i)));
                for (int s = 0; s < bench.stages().size(); s++) {
                    Stage stage = bench.stages().get(s);
                    String type = bench.policy().defenses().get(s).type();
                    if (type.equals("validate") || type.equals("harden")) continue;
                    Guard guard = new Guard(model, List.of(stage), bench.policy().tiers(), List.of());
                    Account account = new Account("bench", "scores", false);
                    long[] next = {0, 0};
                    Runnable bare = () -> model.infer(Map.of(input.name(), GuardOverheadBenchmark.single(input, images, next[0]++)));
                    Runnable guarded = () -> {
                        long i = next[1]++;
                        guard.handle(new Query(null, model.metadata().name(), account, Map.of(input.name(), GuardOverheadBenchmark.single(input, images, i)),
                                Instant.EPOCH, "bench-" + (i / 64), i % 64, List.of()));
                    };
                    LatencyPair pair = new LatencyPair();
                    pair.measure(bare, guarded, warmup, iterations);
                    rows.add(new Row(policy.getFileName().toString(), describe(bench, s),
                            LatencyPair.micros(pair.baseline(), 50), LatencyPair.micros(pair.candidate(), 50),
                            LatencyPair.micros(pair.baseline(), 99), LatencyPair.micros(pair.candidate(), 99)));
                }
            }
        }
        return rows;
    }

    private static String describe(PolicyBench bench, int stage) {
        var spec = bench.policy().defenses().get(stage);
        String settings = spec.settings().toString().replace("\"", "").replace("|", "/");
        if (settings.length() > 90) settings = settings.substring(0, 87) + "...";
        return spec.type() + (settings.equals("{}") ? "" : " " + settings);
    }
}
