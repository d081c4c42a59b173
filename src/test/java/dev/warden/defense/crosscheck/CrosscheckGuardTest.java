package dev.warden.defense.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.assess.Adversary;
import dev.warden.assess.Budget;
import dev.warden.assess.Campaign;
import dev.warden.assess.ModelTarget;
import dev.warden.assess.SampleResult;
import dev.warden.assess.SampleSet;
import dev.warden.assess.Ticker;
import dev.warden.bench.PolicyBench;
import dev.warden.defense.Calibrator;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.defense.DefenseRegistry;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import dev.warden.guard.Query;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.ModelPool;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature squeezing and disagreement with fashion-mlp and fashion-cnn-v2, calibrated here on the 2,000 test
 * images (to keep the test short), against Square adversarial examples that assess makes on the bare CNN.
 */
class CrosscheckGuardTest {
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));

    @Test
    void rejectsMostAdversarialExamplesAndAnswersCleanImages(@TempDir Path dir) throws IOException {
        String models = Path.of("models").toAbsolutePath().toString();
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                version: 1
                calibration: c.json
                models:
                  - {name: fashion-cnn, path: %1$s/fashion-cnn.onnx}
                  - {name: fashion-mlp, path: %1$s/fashion-mlp.onnx, serve: false}
                  - {name: fashion-cnn-v2, path: %1$s/fashion-cnn-v2.onnx, serve: false}
                defenses:
                  - type: crosscheck
                    models: [fashion-mlp, fashion-cnn-v2]
                    targetFpr: 0.05
                """.formatted(models));
        Policy policy = PolicyLoader.load(file);
        List<double[]> examples = new ArrayList<>();
        try (ModelPool pool = new ModelPool()) {
            var loaded = pool.acquire(policy);
            new Calibrator(DefenseRegistry.standard(), m -> { })
                    .calibrate(policy, loaded, TEST, new Calibrator.DataSource("test", "x"), 1).write(dir.resolve("c.json"));
            ModelTarget bare = new ModelTarget(loaded.get("fashion-cnn"), "model", false);
            Campaign.Spec square = new Campaign.Spec("square", 0.2, new Budget(2000, null), Adversary.of(1, false), 1, false);
            for (SampleResult r : new Campaign(Ticker.SYSTEM).run(bare, "target", square, SampleSet.firstCorrect(bare, TEST, 10).samples(), null).perSample()) {
                if (r.success()) examples.add(r.adversarial());
            }
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        try (PolicyBench bench = new PolicyBench(file, null, Clock.systemUTC())) {
            int detected = 0;
            for (double[] x : examples) {
                Decision d = send(bench, x);
                if (d.action() == Action.REJECT) {
                    assertThat(d.reason()).isEqualTo("model_disagreement");
                    assertThat(d.message()).contains("the views disagree");
                    detected++;
                }
            }
            assertThat(detected).isGreaterThanOrEqualTo(examples.size() * 6 / 10);
            int rejected = 0;
            for (int i = 0; i < 100; i++) if (!send(bench, TEST.image(i)).answered()) rejected++;
            assertThat(rejected).isLessThanOrEqualTo(10);
        }
    }

    static Decision send(PolicyBench bench, double[] image) {
        Tensor t = Tensor.fp32("input", new long[]{1, 1, 28, 28}, image);
        return bench.guard().handle(Query.of("fashion-cnn", new Account("u", "label", false), Map.of("input", t), Instant.EPOCH)).decision();
    }
}
