package dev.warden.defense.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.defense.DefenseContext;
import dev.warden.guard.Account;
import dev.warden.guard.Guard;
import dev.warden.guard.Mode;
import dev.warden.guard.Query;
import dev.warden.guard.Stage;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.OnnxModel;
import dev.warden.policy.PolicyLoader;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sanitization with the real CNN: enforcing, the model sees the transformed image; observing, the original. */
class SanitizeGuardTest {
    record Recording(Model inner, List<double[]> seen) implements Model {
        @Override
        public ModelMetadata metadata() {
            return inner.metadata();
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
            seen.add(inputs.get("input").values());
            return inner.infer(inputs);
        }
    }

    @Test
    void enforcingReplacesTheInputObservingOnlyMeasures() {
        double[] image = FashionMnist.bundledTest(Path.of(".")).image(0);
        try (OnnxModel cnn = OnnxModel.load(Path.of("models/fashion-cnn.onnx"))) {
            for (Mode mode : Mode.values()) {
                List<double[]> seen = new ArrayList<>();
                Recording model = new Recording(cnn, seen);
                DefenseContext context = new DefenseContext(cnn.metadata(), Map.of("fashion-cnn", cnn), null, Clock.systemUTC(), null);
                var defense = new SanitizeFactory().create(new SanitizeConfig(List.of("bitDepth:1")), context);
                Guard guard = new Guard(model, List.of(new Stage(defense, mode)), PolicyLoader.BUILT_IN_TIERS, List.of());
                var outcome = guard.handle(Query.of("fashion-cnn", new Account("u", "label", false),
                        Map.of("input", Tensor.fp32("input", new long[]{1, 1, 28, 28}, image)), Instant.EPOCH));
                assertThat(outcome.decision().answered()).isTrue();
                if (mode == Mode.ENFORCE) {
                    assertThat(seen.get(0)).containsOnly(0.0, 1.0);
                } else {
                    assertThat(seen.get(0)).containsExactly(image);
                    assertThat(outcome.decision().signals()).singleElement().satisfies(s -> assertThat(s.score()).isGreaterThan(0));
                }
            }
        }
    }
}
