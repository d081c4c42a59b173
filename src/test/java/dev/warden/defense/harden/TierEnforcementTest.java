package dev.warden.defense.harden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.bench.PolicyBench;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Guard;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "Tiers without harden reveal everything": what a tier sees is the guard's to enforce, whatever
 * stages the policy has, and observe mode is the chain's, for every stage and hook. Real queries through
 * the bundled CNN.
 */
class TierEnforcementTest {
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));
    static final Path CNN = Path.of("models/fashion-cnn.onnx").toAbsolutePath();
    static final String TIERS = """
            tiers:
              operator: {reveal: scores, features: true, decisionDetails: true}
            """;

    @TempDir
    Path dir;

    PolicyBench bench(String defenses) throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "version: 1\nmodels:\n  - {name: fashion-cnn, path: " + CNN + "}\n" + TIERS + "defenses:\n" + defenses);
        return new PolicyBench(file, null, Clock.systemUTC());
    }

    static Outcome send(Guard guard, String account, String tier, int image) {
        return send(guard, account, tier, TEST.image(image));
    }

    /** A near-copy of a test image (bit-identical repeats are retries to the query detector, not attacks). */
    static double[] near(int image) {
        double[] x = TEST.image(image).clone();
        x[400] = x[400] > 0.5 ? x[400] - 0.02 : x[400] + 0.02;
        return x;
    }

    static Outcome send(Guard guard, String account, String tier, double[] image) {
        Tensor t = Tensor.fp32("input", new long[]{1, 1, 28, 28}, image);
        return guard.handle(Query.of("fashion-cnn", new Account(account, tier, false), Map.of("input", t), Instant.EPOCH));
    }

    @Test
    void tiersWithoutHardenRevealOnlyWhatTheTierAllows() throws IOException {
        try (PolicyBench bench = bench("  - type: validate\n")) {
            Outcome label = send(bench.guard(), "a", "label", 0);
            assertThat(label.outputs()).containsOnlyKeys("label", "class");
            int predicted = (int) label.outputs().get("class").values()[0];
            assertThat(label.outputs().get("label").strings()).containsExactly(bench.model().metadata().labelOf(predicted));

            assertThat(send(bench.guard(), "a", "scores", 0).outputs()).containsOnlyKeys("logits");
            assertThat(send(bench.guard(), "a", "topk", 0).outputs()).containsOnlyKeys("label", "class", "probability");
            assertThat(send(bench.guard(), "a", "none", 0).outputs()).isEmpty();
            Outcome operator = send(bench.guard(), "a", "operator", 0);
            assertThat(operator.outputs()).containsOnlyKeys("logits", "features");
            assertThat(operator.parameters()).containsKey(Guard.DETAILS_PARAMETER);
        }
    }

    @Test
    void lockoutRevealsLessWithoutHarden() throws IOException {
        try (PolicyBench bench = bench("""
                  - {type: lockout, degrade: [{strikes: 1, reveal: label}], banAfter: 5}
                  - type: validate
                  - type: query
                """)) {
            assertThat(send(bench.guard(), "a", "scores", 0).outputs()).containsOnlyKeys("logits");
            Outcome copy = send(bench.guard(), "a", "scores", near(0));
            assertThat(copy.decision().action()).as(copy.decision().toString()).isEqualTo(Action.REJECT);
            assertThat(copy.decision().reason()).isEqualTo("query_attack");
            Outcome degraded = send(bench.guard(), "a", "scores", 1);
            assertThat(degraded.decision().answered()).isTrue();
            assertThat(degraded.outputs()).containsOnlyKeys("label", "class");
            assertThat(send(bench.guard(), "b", "scores", 2).outputs()).containsOnlyKeys("logits");
        }
    }

    @Test
    void observeModeIsAppliedByTheChainToEveryStage() throws IOException {
        try (PolicyBench bench = bench("""
                  - {type: lockout, mode: observe, degrade: [{strikes: 1, reveal: none}], banAfter: 2}
                  - type: validate
                  - type: query
                  - {type: harden, mode: observe, decisionDetailsParameter: audit}
                """)) {
            send(bench.guard(), "a", "operator", 0);
            assertThat(send(bench.guard(), "a", "operator", near(0)).decision().action()).isEqualTo(Action.REJECT);
            // The observing lockout counted a strike but neither degrades nor renames: the answer is the tier's.
            Outcome next = send(bench.guard(), "a", "operator", 1);
            assertThat(next.decision().answered()).isTrue();
            assertThat(next.outputs()).containsOnlyKeys("logits", "features");
            assertThat(next.parameters()).containsKey(Guard.DETAILS_PARAMETER).doesNotContainKey("audit");
            send(bench.guard(), "a", "operator", near(1));
            // Two strikes: an enforcing lockout would ban now; observing, it flags and the query is answered.
            Outcome banned = send(bench.guard(), "a", "operator", 2);
            assertThat(banned.decision().action()).isEqualTo(Action.FLAG);
            assertThat(banned.decision().reason()).isEqualTo("locked_out");
            assertThat(banned.outputs()).containsOnlyKeys("logits", "features");
        }
    }

    @Test
    void signalsOfObservingStagesAreNoStrikes() throws IOException {
        try (PolicyBench bench = bench("""
                  - {type: lockout, degrade: [{strikes: 1, reveal: label}], banAfter: 2}
                  - type: validate
                  - {type: query, mode: observe}
                """)) {
            send(bench.guard(), "a", "scores", 0);
            Outcome copy = send(bench.guard(), "a", "scores", near(0));
            assertThat(copy.decision().action()).isEqualTo(Action.FLAG);
            assertThat(copy.decision().reason()).isEqualTo("query_attack");
            assertThat(send(bench.guard(), "a", "scores", 1).outputs()).containsOnlyKeys("logits");
        }
    }

    @Test
    void hardenStillNamesTheDecisionDetailsParameter() throws IOException {
        try (PolicyBench bench = bench("  - type: validate\n  - {type: harden, decisionDetailsParameter: audit}\n")) {
            Outcome o = send(bench.guard(), "a", "operator", 0);
            assertThat(o.parameters()).containsKey("audit").doesNotContainKey(Guard.DETAILS_PARAMETER);
        }
    }
}
