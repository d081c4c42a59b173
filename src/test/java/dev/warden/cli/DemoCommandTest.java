package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code warden demo --model NAME} runs the bundled model with its own policy and test data. */
class DemoCommandTest {
    record Demo(WardenCommandTest.Run run, String stdout) {
    }

    /** The demo prints its summary on System.out; captured here. */
    static Demo demo(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            WardenCommandTest.Run run = WardenCommandTest.run(args);
            return new Demo(run, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void anUnknownModelExits2ListingTheChoices() {
        WardenCommandTest.Run run = WardenCommandTest.run("demo", "--model", "resnet");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--model must be one of fashion-cnn, signs-cnn, wine-mlp, not 'resnet'");
    }

    @Test
    void signsRunsItsPolicyOnItsTestImagesAndAttacksThem() {
        Demo demo = demo("demo", "--model", "signs-cnn", "--attack-samples", "1", "--attack-budget", "60");
        assertThat(demo.run().exit()).as(demo.run().err()).isZero();
        assertThat(demo.stdout()).contains("policies/signs.yaml, model signs-cnn",
                "benign client (data/signs-test.npz): 600 samples", "guard decisions:", "hsj", "square");
        assertThat(demo.stdout()).doesNotContain("rate_limited");
    }

    @Test
    void wineRunsBenignTrafficAndSaysWhyItSkipsTheImageAttacks() {
        Demo demo = demo("demo", "--model", "wine-mlp");
        assertThat(demo.run().exit()).as(demo.run().err()).isZero();
        assertThat(demo.stdout()).contains("policies/wine.yaml, model wine-mlp", "benign client (data/wine-test.csv): 54 samples",
                "accuracy 51/54", "attacks: skipped");
    }

    @Test
    void aPolicyThatDoesNotServeTheModelIsAUsageError() {
        WardenCommandTest.Run run = WardenCommandTest.run("demo", "--model", "signs-cnn", "--policy", "policies/wine.yaml");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("serves [wine-mlp], not signs-cnn");
    }
}
