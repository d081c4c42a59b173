package dev.warden.defense.smooth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.TestClock;
import dev.warden.bench.PolicyBench;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.defense.GuardHarness;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.policy.PolicyException;
import dev.warden.state.MemoryStateStore;
import dev.warden.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmoothDefenseTest {
    static final String TIERS = "tiers:\n  operator: {reveal: scores, decisionDetails: true}\n";

    static double[] flat(double level) {
        double[] x = new double[784];
        java.util.Arrays.fill(x, level);
        return x;
    }

    @Test
    void aClearVoteIsAnsweredWithItsCertifiedRadiusAndAnUnclearOneAbstains() {
        // The stub classifies by mean brightness: at 0.9 every noisy copy is "bright"; at exactly 0.5 the votes split.
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        GuardHarness guard = GuardHarness.build(TIERS + "defenses:\n  - {type: smooth, n: 64, sigma: 0.25, alpha: 0.001}\n", clock,
                MemoryStateStore.ephemeral(clock));
        Outcome clear = guard.send("op", "operator", flat(0.9));
        assertThat(clear.decision().action()).isEqualTo(Action.ALLOW);
        @SuppressWarnings("unchecked")
        Map<String, Object> cert = ((List<Map<String, Object>>) clear.parameters().get(SmoothDefense.PARAMETER)).get(0);
        assertThat(cert).containsEntry("class", 1).containsEntry("votes", 64);
        // 64 of 64 votes at alpha 0.001: p_lower = 0.001^(1/64); radius = 0.25 x Phi^-1(p_lower).
        double expected = 0.25 * Certificate.normalQuantile(Math.pow(0.001, 1.0 / 64));
        assertThat((Double) cert.get("radius_l2")).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-3));
        // The answer's logits are the vote shares: the top class is the certified one.
        double[] logits = clear.outputs().get("logits").values();
        assertThat(logits[1]).isGreaterThan(logits[0]);

        Outcome split = guard.send("op", "operator", flat(0.5));
        assertThat(split.decision().action()).isEqualTo(Action.REJECT);
        assertThat(split.decision().reason()).isEqualTo(SmoothDefense.REASON);

        Outcome batch = guard.send("op", "operator", flat(0.9), flat(0.5));
        assertThat(batch.decision().action()).as("one of two abstains: withheld, the other answered").isEqualTo(Action.FLAG);
        assertThat(dev.warden.oip.ImageQueries.withheldRows(batch.parameters())).containsExactly(1);
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtLoad() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - {type: smooth, n: 5, alpha: 0.001}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("can never certify");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - {type: smooth, sigma: 0}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("sigma must be > 0");
        assertThatThrownBy(() -> GuardHarness.build("defenses:\n  - {type: smooth, action: drop}\n", clock, MemoryStateStore.ephemeral(clock)))
                .isInstanceOf(PolicyException.class).hasMessageContaining("action must be reject or flag");
    }

    @Test
    void theBundledCnnIsCertifiedOnMostTestImagesWithTheClassItPredicts(@TempDir Path dir) throws Exception {
        Path home = Path.of("").toAbsolutePath();
        Path policy = dir.resolve("smooth.yaml");
        Files.writeString(policy, "version: 1\n" + TIERS + "models:\n  - {name: fashion-cnn, backend: onnx, path: "
                + home.resolve("models/fashion-cnn.onnx") + "}\ndefenses:\n  - {type: smooth, n: 64, sigma: 0.1, alpha: 0.001}\n");
        LabeledImages test = FashionMnist.bundledTest(home);
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        try (PolicyBench bench = new PolicyBench(policy, null, clock)) {
            int certified = 0, agree = 0;
            for (int i = 0; i < 40; i++) {
                Tensor x = Tensor.fp32("input", new long[]{1, 1, 28, 28}, test.image(i));
                Map<String, Tensor> bare = bench.model().infer(Map.of("input", x));
                Outcome o = bench.guard().handle(Query.of("fashion-cnn", new Account("op", "operator", false), Map.of("input", x), clock.instant()));
                if (!o.decision().answered()) continue;
                certified++;
                double[] base = bare.get("logits").values(), smoothed = o.outputs().get("logits").values();
                if (argmax(base) == argmax(smoothed)) agree++;
            }
            assertThat(certified).as("clean test images certified at sigma 0.1").isGreaterThanOrEqualTo(30);
            assertThat(agree).as("a certified answer is the base model's class").isEqualTo(certified);
        }
    }

    static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
    }
}
