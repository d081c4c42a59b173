package dev.warden.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.fuzz.mutate.InputSpace;
import dev.warden.fuzz.mutate.MutationLimits;
import dev.warden.fuzz.mutate.Mutators;
import dev.warden.model.OnnxModel;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A short campaign against the default policy's guard, in process: reproducible figures and findings. */
class FuzzCampaignTest {
    static final Path HOME = Path.of("").toAbsolutePath();

    static FuzzSettings settings(long budget, List<Oracle> oracles) {
        return new FuzzSettings(HOME.resolve("policies/default.yaml"), null, null, List.of(), null, List.of(), null, null, 30, 300,
                budget, Strategy.COVERAGE, List.of("kmnc"), 1, 1, oracles, List.of(), List.of(), null, null, null);
    }

    @Test
    void findingsReplayFromSeedChainAndRandomSeedAndTheFiguresRepeatRunToRun() {
        FuzzReport a = new Fuzzer(settings(160, List.of()), HOME).run((run, c) -> { });
        FuzzReport b = new Fuzzer(settings(160, List.of()), HOME).run((run, c) -> { });
        assertThat(a.runs()).extracting(RunResult::label).containsExactly("coverage:kmnc", "random");
        assertThat(a.oracles()).containsExactly(Oracle.MISCLASSIFICATION, Oracle.NAN, Oracle.BYPASS);
        for (int i = 0; i < 2; i++) {
            assertThat(a.runs().get(i).queries()).isEqualTo(160);
            assertThat(a.runs().get(i).coverage()).isEqualTo(b.runs().get(i).coverage()).containsOnlyKeys("nc", "kmnc", "nbc", "snac", "tknc");
            assertThat(a.runs().get(i).findings()).extracting(Finding::id).isEqualTo(b.runs().get(i).findings().stream().map(Finding::id).toList());
        }
        // coverage only grows over the budget
        List<Checkpoint> t = a.primary().timeline();
        for (int i = 1; i < t.size(); i++) assertThat(t.get(i).coverage().get("kmnc")).isGreaterThanOrEqualTo(t.get(i - 1).coverage().get("kmnc"));

        List<Finding> findings = a.primary().findings();
        assertThat(findings).isNotEmpty();
        LabeledImages test = FashionMnist.bundledTest(HOME);
        Mutators replay = new Mutators(InputSpace.of(new long[]{1, 28, 28}, 0, 1, null, null), MutationLimits.DEFAULTS, List.of());
        // Replayed on the model file the default policy serves as fashion-cnn, whichever bundled one that is.
        Policy policy = PolicyLoader.load(HOME.resolve("policies/default.yaml"));
        try (OnnxModel cnn = OnnxModel.load(policy.resolve(policy.model("fashion-cnn").orElseThrow().path()))) {
            for (Finding f : findings) {
                assertThat(f.expectedLabel()).isEqualTo(test.label(f.seedIndex()));
                double[] input = replay.apply(test.image(f.seedIndex()), f.mutations());
                assertThat(input).isEqualTo(f.input().values());
                assertThat(f.mutations().size()).isBetween(1, f.originalChainLength());
                if (f.oracle() == Oracle.MISCLASSIFICATION) {
                    double[] logits = cnn.infer(Map.of("input", Tensor.fp32("input", new long[]{1, 1, 28, 28}, input))).get("logits").values();
                    int best = 0;
                    for (int c = 1; c < 10; c++) if (logits[c] > logits[best]) best = c;
                    assertThat(best).isEqualTo(f.observedLabel()).isNotEqualTo(f.expectedLabel());
                }
            }
        }
    }
}
