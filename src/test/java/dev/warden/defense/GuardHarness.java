package dev.warden.defense;

import dev.warden.guard.Account;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Guard;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.guard.Signal;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.state.StateStore;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A guard built from policy YAML by the real registry around a stub 28x28 classifier (logits: two classes by
 * mean brightness; features: four quadrant means), plus a test defense {@code flagger} that flags any input
 * whose first value is above 0.5.
 */
public final class GuardHarness {
    public static final ModelMetadata META = new ModelMetadata("stub", "1", "test",
            List.of(new TensorSpec("input", DataType.FP32, new long[]{-1, 1, 28, 28})),
            List.of(new TensorSpec("logits", DataType.FP32, new long[]{-1, 2}), new TensorSpec("features", DataType.FP32, new long[]{-1, 4})),
            List.of("dark", "bright"), new ValueRange(0, 1), "NCHW", "logits", null, "features", null);

    public static final class StubModel implements Model {
        @Override
        public ModelMetadata metadata() {
            return META;
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
            Tensor x = inputs.get("input");
            int n = (int) x.batchSize();
            double[] logits = new double[n * 2];
            double[] features = new double[n * 4];
            for (int b = 0; b < n; b++) {
                double sum = 0;
                for (int i = 0; i < 784; i++) {
                    double v = x.values()[b * 784 + i];
                    sum += v;
                    int quadrant = (i / 28 < 14 ? 0 : 2) + (i % 28 < 14 ? 0 : 1);
                    features[b * 4 + quadrant] += v / 196;
                }
                logits[b * 2] = 0.5 - sum / 784;
                logits[b * 2 + 1] = sum / 784 - 0.5;
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            out.put("logits", Tensor.fp32("logits", new long[]{n, 2}, logits));
            out.put("features", Tensor.fp32("features", new long[]{n, 4}, features));
            return out;
        }
    }

    public record FlaggerConfig(Double above) {
    }

    public static final class FlaggerFactory implements DefenseFactory<FlaggerConfig> {
        @Override
        public String type() {
            return "flagger";
        }

        @Override
        public Class<FlaggerConfig> configType() {
            return FlaggerConfig.class;
        }

        @Override
        public Defense create(FlaggerConfig config, DefenseContext context) {
            return new Defense() {
                @Override
                public String name() {
                    return "flagger";
                }

                @Override
                public Signal beforeModel(Exchange exchange) {
                    double first = exchange.query().inputs().get("input").values()[0];
                    return first > 0.5 ? Signal.flag("flagger", 1, "bright_corner", "suspicious") : Signal.pass("flagger");
                }
            };
        }
    }

    private final Guard guard;
    private final Clock clock;

    private GuardHarness(Guard guard, Clock clock) {
        this.guard = guard;
        this.clock = clock;
    }

    /** {@code sections}: the policy's YAML after {@code models} (defenses, state, tiers...). */
    public static GuardHarness build(String sections, Clock clock, StateStore state) {
        Policy policy = PolicyLoader.parse("version: 1\nmodels:\n  - name: stub\n    path: stub.onnx\n" + sections, "test.yaml", Path.of("."));
        DefenseRegistry registry = DefenseRegistry.standard().register(new FlaggerFactory());
        registry.check(policy);
        Model model = new StubModel();
        DefenseContext context = new DefenseContext(META, Map.of("stub", model), policy, clock, new SimpleMeterRegistry(), state);
        return new GuardHarness(new Guard(model, registry.build(policy, context), policy.tiers(), List.of()), clock);
    }

    public Outcome send(String account, String tier, double[]... images) {
        double[] flat = new double[images.length * 784];
        for (int i = 0; i < images.length; i++) System.arraycopy(images[i], 0, flat, i * 784, 784);
        Tensor input = Tensor.fp32("input", new long[]{images.length, 1, 28, 28}, flat);
        return guard.handle(Query.of("stub", new Account(account, tier, false), Map.of("input", input), clock.instant()));
    }
}
