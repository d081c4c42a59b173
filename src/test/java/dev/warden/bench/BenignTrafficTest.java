package dev.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenignTrafficTest {
    static final Path HOME = Path.of("").toAbsolutePath();

    @Test
    void honestTrafficThroughTheDefaultPolicyIsAnsweredAndCounted() {
        LabeledImages test = FashionMnist.bundledTest(HOME);
        var scenario = new BenignTraffic.Scenario("busy", 2, 150, 20, 0.5, "label");
        var r = BenignTraffic.run(HOME.resolve("policies/default.yaml"), scenario, test, BenignTraffic.order(0, 300, 1), 1);
        assertThat(r.queries()).isEqualTo(300);
        assertThat(r.lockedOut()).isZero();
        assertThat(r.emptied()).isZero();
        assertThat(r.answered() + r.refusedAsAttack().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
        assertThat((double) r.correct() / r.answered()).as("the bundled CNN's accuracy").isGreaterThan(0.85);
        assertThat(r.simulatedSeconds()).as("150 queries at 20/s on the simulated clock").isBetween(6.0, 9.0);
        assertThat(BenignTrafficTable.row("default.yaml", r)).contains("| 300 |");
    }

    @Test
    void aLockoutThatBansOnOneStrikeShowsUpAsLockedOut(@TempDir Path dir) throws Exception {
        // The same image bytes from two accounts are no attack (exact repeats are excluded), but near-copies are:
        // with a hair-trigger lockout every match bans, and the counts must say so.
        Path policy = dir.resolve("hair.yaml");
        Files.writeString(policy, "version: 1\nmodels:\n  - {name: fashion-cnn, backend: onnx, path: " + HOME.resolve("models/fashion-cnn.onnx")
                + "}\ndefenses:\n  - {type: lockout, banAfter: 1, banSeconds: 3600, maxBanSeconds: 3600}\n"
                + "  - {type: query, threshold: 1, action: reject}\n");
        LabeledImages test = FashionMnist.bundledTest(HOME);
        var r = BenignTraffic.run(policy, new BenignTraffic.Scenario("busy", 2, 100, 20, 0.5, "label"), test, BenignTraffic.order(0, 200, 2), 2);
        assertThat(r.refusedAsAttack()).containsKey("query");
        assertThat(r.lockedOut()).isPositive();
        assertThat(r.accountsBanned()).isPositive();
        assertThat(r.hurt()).isEqualTo(r.refusedAsAttack().get("query") + r.lockedOut());
    }
}
