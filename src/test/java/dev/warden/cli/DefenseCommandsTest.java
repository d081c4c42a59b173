package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.calibrate.CalibrationFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** warden calibrate and warden evaluate: usage errors exit 2 with one line; calibrate writes the file the policy names. */
class DefenseCommandsTest {
    static WardenCommandTest.Run run(String... args) {
        return WardenCommandTest.run(args);
    }

    @Test
    void usageErrorsExit2() {
        // A policy with nothing to calibrate says so (it is no mistake: init writes such policies for some models).
        assertThat(run("calibrate", "--policy", "policies/passthrough.yaml").exit()).isZero();
        assertThat(run("evaluate", "bogus", "--policy", "policies/chain.yaml").err()).contains("unknown evaluation 'bogus'");
        assertThat(run("evaluate", "ood").exit()).isEqualTo(2);
        for (String command : new String[]{"calibrate", "evaluate"}) {
            assertThat(run(command, "--help").out()).contains("Usage: warden " + command);
        }
    }

    @Test
    void calibrateWritesTheFileThePolicyNames(@TempDir Path dir) throws IOException {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, """
                version: 1
                calibration: out/c.json
                models:
                  - {name: fashion-cnn, path: %s}
                defenses:
                  - type: ood
                """.formatted(Path.of("models/fashion-cnn.onnx").toAbsolutePath()));
        WardenCommandTest.Run ok = run("calibrate", "--policy", policy.toString(), "--data", "data/fashion-test-2000-images-idx3-ubyte.gz", "--seed", "3");
        assertThat(ok.exit()).as(ok.err()).isZero();
        CalibrationFile c = CalibrationFile.read(dir.resolve("out/c.json"));
        assertThat(c.seed()).isEqualTo(3);
        assertThat(c.images()).isEqualTo(2000);
        assertThat(c.data()).isEqualTo("data/fashion-test-2000-images-idx3-ubyte.gz");
        assertThat(c.models().get("fashion-cnn").defenses()).singleElement()
                .satisfies(s -> assertThat(s.key()).isEqualTo("mahalanobis layers=features featureTransform=sqrt targetFpr=0.01"));
    }
}
