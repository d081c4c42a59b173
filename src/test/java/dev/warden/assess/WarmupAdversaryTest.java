package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.assess.attack.Norm;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.runtime.Accounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against policies/default.yaml (real CNN, its warm-up of fresh accounts), a score-tier account's first answers are
 * labels only, which a score-based attack reads as refusals; an adversary that warms its accounts up with benign
 * images first gets scores, and spends those images outside the attack's budget.
 */
class WarmupAdversaryTest {
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));

    static Path policy(Path dir) throws Exception {
        Path source = Path.of("policies/default.yaml").toAbsolutePath();
        String yaml = Files.readString(source)
                .replace("accounts: []\n", "accounts:\n  - {id: attacker0, tier: scores, keySha256: \"" + Accounts.sha256("key0") + "\"}\n")
                .replace("path: ../models/", "path: " + source.getParent().resolve("../models").normalize() + "/");
        Files.writeString(dir.resolve("default.yaml"), yaml);
        Files.copy(source.resolveSibling("default.calibration.json"), dir.resolve("default.calibration.json"));
        return dir.resolve("default.yaml");
    }

    static QuerySession session(GuardTarget target, Adversary adversary, List<double[]> benign) {
        return new QuerySession(target, TEST.image(0), TEST.label(0), Norm.LINF, 0.1, new Budget(100, null), adversary, false,
                new FakeTicker(), new SplittableRandom(1), benign);
    }

    @Test
    void aColdAccountGetsNoScoresAWarmedOneDoes(@TempDir Path dir) throws Exception {
        Path file = policy(dir);
        try (GuardTarget target = GuardTarget.open(file, null, List.of("key0"), 1)) {
            QuerySession cold = session(target, Adversary.of(1, false), List.of());
            assertThat(cold.probabilities(List.of(TEST.image(0)))[0]).as("label only: a refusal to a score-based attack").isNull();
            assertThat(cold.result(0, "finished").queriesToDetection()).isEqualTo(1);
        }
        List<double[]> benign = new ArrayList<>();
        for (int i = 1000; i < 1200; i++) benign.add(TEST.image(i));
        try (GuardTarget target = GuardTarget.open(file, null, List.of("key0"), 1)) {
            QuerySession warm = session(target, Adversary.of(1, false).withWarmup(100), benign);
            assertThat(warm.probabilities(List.of(TEST.image(0)))[0]).as("after 100 benign images").isNotNull().hasSize(10);
            assertThat(warm.warmupQueries()).isEqualTo(100);
            SampleResult r = warm.result(0, "finished");
            assertThat(r.queriesTotal()).as("the warm-up is not in the attack's budget").isEqualTo(1);
            assertThat(r.detected()).isFalse();
        }
    }
}
