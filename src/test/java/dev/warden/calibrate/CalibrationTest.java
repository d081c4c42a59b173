package dev.warden.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.bench.PolicyBench;
import dev.warden.data.FashionMnist;
import dev.warden.defense.Calibrator;
import dev.warden.defense.DefenseRegistry;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.ModelPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** warden calibrate's file: deterministic for a seed; missing, stale or outdated calibrations stop the policy from loading. */
class CalibrationTest {
    static final String CNN = Path.of("models/fashion-cnn.onnx").toAbsolutePath().toString();

    static Path policy(Path dir, String calibration, String oodSettings) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                version: 1
                %s
                models:
                  - {name: fashion-cnn, path: %s}
                defenses:
                  - type: ood
                    %s
                  - type: temporal
                    streams: 100
                    streamLength: 12
                """.formatted(calibration == null ? "" : "calibration: " + calibration, CNN, oodSettings));
        return file;
    }

    static CalibrationFile calibrate(Path policyFile, long seed) {
        Policy p = PolicyLoader.load(policyFile);
        try (ModelPool pool = new ModelPool()) {
            return new Calibrator(DefenseRegistry.standard(), m -> { })
                    .calibrate(p, pool.acquire(p), FashionMnist.bundledTest(Path.of(".")), new Calibrator.DataSource("test", "x"), seed);
        }
    }

    static String json(CalibrationFile c) throws IOException {
        return CalibrationFile.json().writeValueAsString(c);
    }

    @Test
    void sameSeedSameFileAndTheServerUsesIt(@TempDir Path dir) throws IOException {
        Path file = policy(dir, "c.json", "layers: [features, input]");
        CalibrationFile a = calibrate(file, 1);
        CalibrationFile b = calibrate(file, 1);
        assertThat(json(a)).isEqualTo(json(b));
        assertThat(json(calibrate(file, 2))).isNotEqualTo(json(a));
        CalibrationFile.ModelCalibration m = a.models().get("fashion-cnn");
        assertThat(m.sha256()).hasSize(64);
        assertThat(m.defenses()).extracting(CalibrationFile.Section::type).containsExactly("ood", "temporal");
        a.write(dir.resolve("c.json"));
        try (PolicyBench bench = new PolicyBench(file, null, Clock.systemUTC())) {
            assertThat(bench.stages()).hasSize(2);
        }
    }

    @Test
    void missingStaleOrOutdatedCalibrationIsAClearStartupError(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> new PolicyBench(policy(dir, null, "method: mahalanobis"), null, Clock.systemUTC()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[0]: ood needs a calibration: name its file in the policy (calibration: FILE) and run 'warden calibrate --policy");
        assertThatThrownBy(() -> new PolicyBench(policy(dir, "nope.json", "method: mahalanobis"), null, Clock.systemUTC()))
                .hasMessageContaining("calibration file " + dir.resolve("nope.json") + " not found: run 'warden calibrate");

        Path file = policy(dir, "c.json", "method: mahalanobis");
        CalibrationFile good = calibrate(file, 1);
        CalibrationFile.ModelCalibration m = good.models().get("fashion-cnn");
        new CalibrationFile(good.format(), good.seed(), good.data(), good.dataSha256(), good.images(),
                java.util.Map.of("fashion-cnn", new CalibrationFile.ModelCalibration("0".repeat(64), m.version(), m.defenses())))
                .write(dir.resolve("c.json"));
        assertThatThrownBy(() -> new PolicyBench(file, null, Clock.systemUTC()))
                .hasMessageContaining("is stale: it was made for fashion-cnn with sha256 000000000000…, but the model file now has");

        good.write(dir.resolve("c.json"));
        Path changed = policy(dir, "c.json", "targetFpr: 0.02");
        assertThatThrownBy(() -> new PolicyBench(changed, null, Clock.systemUTC()))
                .hasMessageContaining("has no ood fitted for mahalanobis layers=features featureTransform=sqrt targetFpr=0.02")
                .hasMessageContaining("the policy changed since it was made");
    }
}
