package dev.warden.bench;

import dev.warden.data.Samples;
import dev.warden.defense.harden.HardenConfig;
import dev.warden.defense.harden.HardenDefense;
import dev.warden.defense.validate.ValidateConfig;
import dev.warden.defense.validate.ValidateDefense;
import dev.warden.guard.Account;
import dev.warden.guard.DecisionLog;
import dev.warden.guard.Guard;
import dev.warden.guard.Mode;
import dev.warden.guard.Query;
import dev.warden.guard.Stage;
import dev.warden.model.OnnxModel;
import dev.warden.policy.PolicyLoader;
import dev.warden.tensor.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Guard overhead: in-process {@link Guard} with validate + harden (label tier) against bare
 * {@link OnnxModel#infer} on single samples, interleaved in one run, reported as p50/p99 and ratios.
 */
public final class GuardOverheadBenchmark {
    public record Result(int iterations, double bareP50, double bareP99, double guardP50, double guardP99,
                         double ratioP50, double ratioP99) {
        public String markdown(String command) {
            return String.format(Locale.ROOT, """
                    | | p50 (µs) | p99 (µs) |
                    |---|---:|---:|
                    | bare `OnnxModel.infer` | %.1f | %.1f |
                    | `Guard.handle` (validate + harden) | %.1f | %.1f |
                    | ratio guard / bare | **%.3f** | %.3f |

                    %d interleaved calls each, single samples cycling over the first 2,000 of the data (default: the bundled test images), \
                    one ONNX Runtime intra-op thread; decision metrics on, decision log lines off. Command: `%s`
                    """, bareP50, bareP99, guardP50, guardP99, ratioP50, ratioP99, iterations, command);
        }
    }

    /** {@code data} gives the samples for the model's input; the first {@link #SAMPLES} are converted once, before measuring. */
    public static Result run(Path modelFile, java.util.function.Function<dev.warden.model.ModelMetadata, Samples> data, int warmup, int iterations) {
        try (OnnxModel model = OnnxModel.load(modelFile)) {
            Samples images = Samples.loaded(data.apply(model.metadata()), SAMPLES);
            dev.warden.model.TensorSpec spec = model.metadata().inputs().get(0);
            Guard guard = new Guard(model, List.of(
                    new Stage(new ValidateDefense(ValidateConfig.defaults()), Mode.ENFORCE),
                    new Stage(new HardenDefense(new HardenConfig(null)), Mode.ENFORCE)),
                    PolicyLoader.BUILT_IN_TIERS, List.of(new DecisionLog(new SimpleMeterRegistry())));
            String input = model.metadata().inputs().get(0).name();
            Account account = new Account("bench", "label", false);
            int[] next = {0, 0};
            Runnable bare = () -> model.infer(Map.of(input, single(spec, images, next[0]++)));
            Runnable guarded = () -> guard.handle(Query.of(model.metadata().name(), account,
                    Map.of(input, single(spec, images, next[1]++)), Instant.EPOCH));
            LatencyPair pair = new LatencyPair();
            pair.measure(bare, guarded, warmup, iterations);
            return new Result(iterations, LatencyPair.micros(pair.baseline(), 50), LatencyPair.micros(pair.baseline(), 99),
                    LatencyPair.micros(pair.candidate(), 50), LatencyPair.micros(pair.candidate(), 99),
                    pair.ratioAt(50), pair.ratioAt(99));
        }
    }

    static final int SAMPLES = 2000;

    /** Sample {@code i} (cycling) as a batch of one for {@code input}, in its own shape and datatype. */
    static Tensor single(dev.warden.model.TensorSpec input, Samples images, long i) {
        long[] shape = input.shape();
        shape[0] = 1;
        return Tensor.numeric(input.name(), input.datatype(), shape, images.image((int) (i % images.count())));
    }
}
