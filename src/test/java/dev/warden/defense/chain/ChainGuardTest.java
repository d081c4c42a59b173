package dev.warden.defense.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.bench.PolicyBench;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseRegistry;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Guard;
import dev.warden.guard.Mode;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.guard.Stage;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.policy.PolicyLoader;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example chain of policies/chain.yaml with the real models: fashion-cnn, then footwear-style on footwear only. */
class ChainGuardTest {
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));
    static final Account USER = new Account("user", "scores", false);

    static int first(int label) {
        for (int i = 0; ; i++) if (TEST.label(i) == label) return i;
    }

    static Outcome send(Guard guard, int image) {
        Tensor t = Tensor.fp32("input", new long[]{1, 1, 28, 28}, TEST.image(image));
        return guard.handle(Query.of("fashion-cnn", USER, Map.of("input", t), Instant.EPOCH));
    }

    @Test
    void footwearGoesThroughBothStagesAndAPulloverStopsAtTheFirst() {
        try (PolicyBench bench = new PolicyBench(Path.of("policies/chain.yaml"), null, Clock.systemUTC())) {
            Outcome boot = send(bench.guard(), first(9));
            assertThat(boot.decision().action()).isEqualTo(Action.ALLOW);
            assertThat(boot.outputs().get("footwear-style.label").strings()).containsExactly("high-top");
            assertThat(boot.outputs()).containsKey("footwear-style.logits");

            Outcome pullover = send(bench.guard(), first(2));
            assertThat(pullover.decision().action()).isEqualTo(Action.REJECT);
            assertThat(pullover.decision().reason()).isEqualTo("chain_contract");
            assertThat(pullover.decision().message()).isEqualTo("chain stage 1 (fashion-cnn) broke its contract: predicts 'Pullover' "
                    + "for input 0, not one of [Sandal, Sneaker, Ankle boot]; the chain stopped before footwear-style");
            assertThat(pullover.outputs()).isEmpty();
        }
    }

    /** Counts the calls of a stage model, to see that a broken stage stops the chain before it. */
    record Counting(Model inner, AtomicInteger calls) implements Model {
        @Override
        public ModelMetadata metadata() {
            return inner.metadata();
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
            calls.incrementAndGet();
            return inner.infer(inputs);
        }
    }

    @Test
    void theNextModelNeverSeesTheOutputOfABrokenStage(@TempDir Path dir) throws IOException {
        Path policy = dir.resolve("chain.yaml");
        Files.writeString(policy, Files.readString(Path.of("policies/chain.yaml"))
                .replace("../models/", Path.of("models").toAbsolutePath() + "/")
                .replace("{output: logits, shape: [-1, 3], range: [-50, 50]}", "{output: logits, labels: [open, low-top]}"));
        try (PolicyBench bench = new PolicyBench(policy, null, Clock.systemUTC())) {
            Map<String, Model> models = new HashMap<>(bench.models());
            AtomicInteger calls = new AtomicInteger();
            models.put("footwear-style", new Counting(bench.models().get("footwear-style"), calls));
            var p = bench.policy();
            List<Stage> stages = DefenseRegistry.standard().build(p, new DefenseContext(bench.model().metadata(), models, p,
                    Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
            Guard guard = new Guard(bench.model(), stages, p.tiers(), List.of());

            assertThat(send(guard, first(0)).decision().reason()).isEqualTo("chain_contract");
            assertThat(calls).hasValue(0);

            Outcome boot = send(guard, first(9));
            assertThat(calls).hasValue(1);
            assertThat(boot.decision().action()).isEqualTo(Action.REJECT);
            assertThat(boot.decision().message()).isEqualTo("chain stage 2 (footwear-style) broke its contract: predicts 'high-top' "
                    + "for input 0, not one of [open, low-top]; its output was not used");
            assertThat(send(guard, first(5)).decision().action()).isEqualTo(Action.ALLOW);
        }
    }

    @Test
    void aChainCannotRunInObserveModeAndNamesUnknownModels() {
        String base = """
                version: 1
                models:
                  - {name: fashion-cnn, path: %s}
                defenses:
                  - type: chain
                    %s
                    stages:
                      - {model: %s, inputs: {features: features}}
                """;
        String cnn = Path.of("models/fashion-cnn.onnx").toAbsolutePath().toString();
        var observe = PolicyLoader.parse(base.formatted(cnn, "mode: observe", "footwear-style"), "p.yaml", Path.of("."));
        assertThatThrownBy(() -> DefenseRegistry.standard().check(observe)).hasMessageContaining("chain cannot run in observe mode");
        var unknown = PolicyLoader.parse(base.formatted(cnn, "mode: enforce", "nope"), "p.yaml", Path.of("."));
        try (var pool = new dev.warden.runtime.ModelPool()) {
            var models = pool.acquire(unknown);
            assertThatThrownBy(() -> DefenseRegistry.standard().build(unknown, new DefenseContext(models.get("fashion-cnn").metadata(),
                    models, unknown, Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())))
                    .hasMessageContaining("defenses[0]: stages[0].model: no model 'nope' in the policy");
        }
    }
}
