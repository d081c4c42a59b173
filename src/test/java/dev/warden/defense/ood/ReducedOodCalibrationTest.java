package dev.warden.defense.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.bench.PolicyBench;
import dev.warden.calibrate.BatchInference;
import dev.warden.calibrate.CalibrationFile;
import dev.warden.calibrate.Floats;
import dev.warden.data.FashionMnist;
import dev.warden.data.Samples;
import dev.warden.data.synth.OodSets;
import dev.warden.defense.Calibrator;
import dev.warden.defense.DefenseRegistry;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.ModelPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * maxDimensions through the bundled fashion-cnn (128 features): at the default the calibration keeps its full
 * precision and no reduced field; at 16 it is stored reduced, loads, and still tells rendered digits from clothes; a
 * reduced calibration whose fields cannot work is refused at load, naming the field.
 */
class ReducedOodCalibrationTest {
    private static final String CNN = Path.of("models/fashion-cnn.onnx").toAbsolutePath().toString();
    @TempDir
    static Path dir;
    private static Path reducedPolicy;
    private static CalibrationFile reduced;

    private static Path policy(String name, String oodSettings) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                version: 1
                calibration: %s.json
                models:
                  - {name: fashion-cnn, path: %s}
                defenses:
                  - type: ood
                    %s
                """.formatted(name, CNN, oodSettings));
        return file;
    }

    private static CalibrationFile calibrate(Path policyFile) {
        Policy p = PolicyLoader.load(policyFile);
        try (ModelPool pool = new ModelPool()) {
            return new Calibrator(DefenseRegistry.standard(), m -> { })
                    .calibrate(p, pool.acquire(p), FashionMnist.bundledTest(Path.of(".")), new Calibrator.DataSource("test", "x"), 1);
        }
    }

    private static ObjectNode featuresLayer(CalibrationFile c) {
        return (ObjectNode) c.models().get("fashion-cnn").defenses().get(0).calibration().get("layers").get(0);
    }

    @BeforeAll
    static void calibrateReduced() throws IOException {
        reducedPolicy = policy("reduced", "maxDimensions: 16");
        reduced = calibrate(reducedPolicy);
    }

    @Test
    void featuresWithinMaxDimensionsKeepTheFullPrecisionAndNoReducedField() throws IOException {
        JsonNode layer = featuresLayer(calibrate(policy("full", "method: mahalanobis")));
        assertThat(layer.get("dim").asInt()).isEqualTo(128);
        assertThat(layer.get("precision").isTextual()).isTrue();
        assertThat(layer.has("rank") || layer.has("basis") || layer.has("variances") || layer.has("residualVariance")).isFalse();
    }

    @Test
    void reducedCalibrationLoadsAndRejectsDigitsButNotClothes() throws IOException {
        ObjectNode layer = featuresLayer(reduced);
        assertThat(layer.get("rank").asInt()).isEqualTo(16);
        assertThat(layer.get("precision").isNull()).isTrue();
        assertThat(Floats.decode(layer.get("basis").asText(), 16 * 128, "basis")).hasSize(16 * 128);
        assertThat(reduced.models().get("fashion-cnn").defenses().get(0).key()).endsWith(" maxDimensions=16");
        reduced.write(dir.resolve("reduced.json"));
        try (PolicyBench bench = new PolicyBench(reducedPolicy, null, Clock.systemUTC())) {
            OodDefense ood = bench.defenses(OodDefense.class).get(0);
            assertThat(ood.method()).isEqualTo("mahalanobis(features, sqrt, max 16)");
            Samples test = FashionMnist.bundledTest(Path.of("."));
            List<double[]> clothes = new ArrayList<>();
            for (int i = 0; i < 200; i++) clothes.add(test.image(i));
            List<double[]> digits = OodSets.generate("digits", 200, 1, test);
            assertThat(over(bench, ood, clothes)).isLessThan(0.05);
            assertThat(over(bench, ood, digits)).isGreaterThan(0.85);
        }
    }

    private static double over(PolicyBench bench, OodDefense ood, List<double[]> images) {
        double[][] features = BatchInference.run(bench.model(), images).get(ood.featuresOutput());
        int n = 0;
        for (int i = 0; i < images.size(); i++) if (ood.score(images.get(i), features[i]) > ood.threshold()) n++;
        return (double) n / images.size();
    }

    @Test
    void reducedFieldsThatCannotWorkAreRefusedAtLoadNamingTheField() throws IOException {
        double[] variances = Floats.decode(featuresLayer(reduced).get("variances").asText(), 16, "variances");
        variances[5] = -1;
        assertRefused(l -> l.put("basis", Floats.encode(new double[15 * 128])), "basis (rank x dim) holds 1920 values, expected 2048");
        assertRefused(l -> l.put("variances", Floats.encode(variances)), "variances[5] = -1.0 is not a positive finite variance");
        assertRefused(l -> l.put("residualVariance", 0.0), "residualVariance = 0.0 is not a positive finite variance");
        assertRefused(l -> l.put("rank", 128), "rank must be between 1 and dim - 1 = 127, not 128");
        assertRefused(l -> l.remove("basis"), "a reduced layer needs rank, basis, variances and residualVariance together; rank = 16, basis missing");
    }

    private static void assertRefused(Consumer<ObjectNode> tamper, String message) throws IOException {
        CalibrationFile copy = CalibrationFile.json().readValue(CalibrationFile.json().writeValueAsBytes(reduced), CalibrationFile.class);
        tamper.accept(featuresLayer(copy));
        copy.write(dir.resolve("reduced.json"));
        assertThatThrownBy(() -> new PolicyBench(reducedPolicy, null, Clock.systemUTC()))
                .hasMessageContaining("ood calibration, features layer: " + message);
    }
}
