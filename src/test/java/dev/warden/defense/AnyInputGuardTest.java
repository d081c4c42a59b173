package dev.warden.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Guard;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.model.TestModels;
import dev.warden.policy.PolicyException;
import dev.warden.runtime.LiveDeployment;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Softmax;
import dev.warden.tensor.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models a new user brings (tools/make_test_models.py), served by a real deployment of a policy: queries go
 * through the guard to ONNX Runtime, and defenses placed where they cannot run are refused at load.
 */
class AnyInputGuardTest {
    static final JsonNode WINE = TestModels.expected("wine-mlp.expected.json");
    static final JsonNode RGB = TestModels.expected("rgb-cnn.expected.json");
    static final JsonNode IRIS = TestModels.expected("iris-zipmap.expected.json");

    @TempDir
    Path dir;
    private LiveDeployment deployment;

    @AfterEach
    void close() {
        if (deployment != null) deployment.close();
    }

    private Guard serve(String name, String file, String defenses) throws IOException {
        return serve(name, TestModels.file(file).toAbsolutePath(), defenses);
    }

    private Guard serve(String name, Path model, String defenses) throws IOException {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "version: 1\nmodels:\n  - name: " + name + "\n    path: " + model + "\ndefenses:\n" + defenses);
        deployment = new LiveDeployment(policy, DefenseRegistry.standard(), new SimpleMeterRegistry(), Clock.systemUTC(), null, List.of());
        return deployment.current().guard(name).orElseThrow();
    }

    private static Outcome send(Guard guard, String model, Tensor input) {
        return guard.handle(Query.of(model, new Account("alice", "scores", false), Map.of(input.name(), input), Clock.systemUTC().instant()));
    }

    private static int argmax(Outcome outcome, String output) {
        double[] v = outcome.outputs().get(output).values();
        return Softmax.argmax(v, 0, v.length);
    }

    @Test
    void tabularQueriesAreAnsweredWithTheRightClass() throws IOException {
        Guard guard = serve("wine-mlp", "wine-mlp.onnx", "  - type: lockout\n  - type: validate\n  - type: harden\n");
        for (int i = 0; i < 5; i++) {
            Tensor row = Tensor.fp32("input", new long[]{1, 13}, TestModels.row(WINE.get("features").get(i)));
            Outcome outcome = send(guard, "wine-mlp", row);
            assertThat(outcome.decision().action()).as("query %d", i).isEqualTo(Action.ALLOW);
            assertThat(argmax(outcome, "logits")).isEqualTo(WINE.get("labels").get(i).asInt());
        }
    }

    @Test
    void anOutOfRangeFeatureIsRefusedWithItsColumnNamed() throws IOException {
        Guard guard = serve("wine-mlp", "wine-mlp.onnx", "  - type: validate\n");
        double[] row = TestModels.row(WINE.get("features").get(0));
        row[12] = 100_000;  // proline far above anything in the data
        Outcome outcome = send(guard, "wine-mlp", Tensor.fp32("input", new long[]{1, 13}, row));
        assertThat(outcome.decision().action()).isEqualTo(Action.INVALID);
        assertThat(outcome.decision().reason()).isEqualTo("out_of_range");
        assertThat(outcome.decision().message()).contains("feature 12 (proline) = 100000.0").contains("outside its range");

        double[] low = TestModels.row(WINE.get("features").get(0));
        low[7] = 5;  // nonflavanoid phenols: in range for proline, out of range for this column
        Outcome second = send(guard, "wine-mlp", Tensor.fp32("input", new long[]{1, 13}, low));
        assertThat(second.decision().message()).contains("feature 7 (nonflavanoid_phenols) = 5.0");
    }

    @Test
    void normalizedImageModelAnswersPixelQueries() throws IOException {
        Guard guard = serve("rgb-cnn", "rgb-cnn.onnx", "  - type: validate\n  - type: harden\n");
        for (int i = 0; i < 3; i++) {
            Outcome outcome = send(guard, "rgb-cnn", Tensor.fp32("input", new long[]{1, 3, 32, 32}, TestModels.rgbPixels(i)));
            assertThat(outcome.decision().action()).isEqualTo(Action.ALLOW);
            assertThat(argmax(outcome, "logits")).isEqualTo(RGB.get("labels").get(i).asInt());
        }
        double[] bright = TestModels.rgbPixels(0);
        bright[5] = 1.5;
        Outcome refused = send(guard, "rgb-cnn", Tensor.fp32("input", new long[]{1, 3, 32, 32}, bright));
        assertThat(refused.decision().action()).isEqualTo(Action.INVALID);
        assertThat(refused.decision().message()).contains("element 5 = 1.5 is outside the model's input range [0.0, 1.0]");
    }

    @Test
    void uint8ModelTakesBytesAndRefusesWhatIsNotOne() throws IOException {
        Guard guard = serve("rgb-u8", "rgb-cnn-uint8.onnx", "  - type: validate\n  - type: harden\n");
        double[] nhwc = new double[3072];
        double[] p = TestModels.rgbPixels(1);
        for (int c = 0; c < 3; c++) for (int i = 0; i < 1024; i++) nhwc[i * 3 + c] = Math.round(p[c * 1024 + i] * 255);
        Outcome answered = send(guard, "rgb-u8", Tensor.numeric("image", DataType.UINT8, new long[]{1, 32, 32, 3}, nhwc));
        assertThat(answered.decision().action()).isEqualTo(Action.ALLOW);
        assertThat(argmax(answered, "logits")).isEqualTo(RGB.get("labels").get(1).asInt());

        nhwc[0] = 256;
        Outcome tooBig = send(guard, "rgb-u8", Tensor.numeric("image", DataType.UINT8, new long[]{1, 32, 32, 3}, nhwc));
        assertThat(tooBig.decision().action()).isEqualTo(Action.INVALID);
        assertThat(tooBig.decision().reason()).isEqualTo("datatype_mismatch");
        Outcome floats = send(guard, "rgb-u8", Tensor.fp32("image", new long[]{1, 32, 32, 3}, new double[3072]));
        assertThat(floats.decision().message()).contains("has datatype FP32 but the model takes UINT8");
    }

    @Test
    void zipMapModelIsAnsweredWithItsProbabilities() throws IOException {
        Guard guard = serve("iris", "iris-zipmap.onnx", "  - type: validate\n  - type: harden\n");
        for (int i = 0; i < IRIS.get("features").size(); i++) {
            Outcome outcome = send(guard, "iris", Tensor.fp32("input", new long[]{1, 4}, TestModels.row(IRIS.get("features").get(i))));
            assertThat(outcome.decision().action()).isEqualTo(Action.ALLOW);
            int want = List.of("setosa", "versicolor", "virginica").indexOf(IRIS.get("labels").get(i).asText());
            assertThat(argmax(outcome, "output_probability")).isEqualTo(want);
        }
    }

    @Test
    void eachInputIsCheckedAgainstItsOwnDomain() throws IOException {
        Guard guard = serve("two", "two-inputs.onnx", "  - type: validate\n  - type: harden\n");
        Tensor pixels = Tensor.fp32("pixels", new long[]{1, 4}, new double[]{0.5, 0.25, 1, 0});
        Outcome answered = guard.handle(Query.of("two", new Account("alice", "scores", false),
                Map.of("pixels", pixels, "count", Tensor.numeric("count", DataType.INT64, new long[]{1, 1}, new double[]{7})),
                Clock.systemUTC().instant()));
        assertThat(answered.decision().action()).isEqualTo(Action.ALLOW);
        // 0.5*1 + 0.25*2 + 1*(-0.5) + 7 and 0.5*(-1) + 0.25*0.5 + 1*1 + 7
        assertThat(answered.outputs().get("scores").values()).containsExactly(7.5, 7.625);

        Outcome tooMany = guard.handle(Query.of("two", new Account("alice", "scores", false),
                Map.of("pixels", pixels, "count", Tensor.numeric("count", DataType.INT64, new long[]{1, 1}, new double[]{11})),
                Clock.systemUTC().instant()));
        assertThat(tooMany.decision().action()).isEqualTo(Action.INVALID);
        assertThat(tooMany.decision().message()).contains("input 'count': element 0 = 11.0 is outside the model's input range [0.0, 10.0]");

        Outcome missing = guard.handle(Query.of("two", new Account("alice", "scores", false), Map.of("pixels", pixels),
                Clock.systemUTC().instant()));
        assertThat(missing.decision().reason()).isEqualTo("missing_input");
    }

    @Test
    void halfPrecisionValuesBeyondItsRangeAreRefused() throws IOException {
        Guard guard = serve("half", "cast-fp16.onnx", "  - type: validate\n");
        Tensor ok = Tensor.numeric("x", DataType.FP16, new long[]{1, 4}, new double[]{1, 2, 3, 65504});
        assertThat(send(guard, "half", ok).decision().action()).isEqualTo(Action.ALLOW);
        Tensor over = Tensor.numeric("x", DataType.FP16, new long[]{1, 4}, new double[]{1, 2, 3, 70000});
        Outcome refused = send(guard, "half", over);
        assertThat(refused.decision().reason()).isEqualTo("datatype_mismatch");
        assertThat(refused.decision().message()).contains("element 3 = 70000.0 is not a valid FP16");
    }

    @Test
    void sanitizeOnTheTabularModelIsRefusedAtLoad() {
        assertThatThrownBy(() -> serve("wine-mlp", "wine-mlp.onnx", "  - type: validate\n  - type: sanitize\n    transforms: [median:2]\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[1] (sanitize) cannot run on model 'wine-mlp': it needs an image input with spatial dimensions")
                .hasMessageContaining("the input 'input' is FP32 [N,13] FEATURES");
    }

    @Test
    void squeezingOnTheTabularModelIsRefusedAtLoad() {
        assertThatThrownBy(() -> serve("wine-mlp", "wine-mlp.onnx", "  - type: crosscheck\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[0] (crosscheck) cannot run on model 'wine-mlp': it needs an image input with spatial dimensions");
    }

    @Test
    void temporalOnTheTabularModelIsRefusedAtLoad() {
        assertThatThrownBy(() -> serve("wine-mlp", "wine-mlp.onnx", "  - type: validate\n  - type: temporal\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[1] (temporal) cannot run on model 'wine-mlp': it needs an image input with spatial dimensions;")
                .hasMessageContaining("[N,13] FEATURES");
    }

    @Test
    void sanitizeOnChannelsLastImagesIsRefusedAtLoad() {
        assertThatThrownBy(() -> serve("rgb-u8", "rgb-cnn-uint8.onnx", "  - type: sanitize\n    transforms: [median:2]\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[0] (sanitize) cannot run on model 'rgb-u8'")
                .hasMessageContaining("the input 'image' is UINT8 [N,32,32,3] NHWC, channels last");
    }

    @Test
    void knnWithoutFeaturesOrWithAnotherModelsThresholdIsRefusedAtLoad() throws IOException {
        assertThatThrownBy(() -> serve("wine-mlp", "wine-mlp.onnx", "  - type: knn\n    threshold: 1.0\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[0] (knn) cannot run on model 'wine-mlp': it needs a features output");
        assertThatThrownBy(() -> serve("rgb-cnn", "rgb-cnn.onnx", "  - type: knn\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[0]: threshold is not set, and the default is a distance between the features of the bundled fashion-cnn model files");
        Guard guard = serve("rgb-cnn", "rgb-cnn.onnx", "  - type: knn\n    threshold: 0.5\n");
        assertThat(guard.stages()).hasSize(1);
    }

    @Test
    void queryOnInputsTooShortForItsWindowsIsRefusedAtLoad() throws IOException {
        assertThatThrownBy(() -> serve("wine-mlp", "wine-mlp.onnx", "  - type: query\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[0]: query cannot run on model 'wine-mlp': window fingerprints need 20 windows of 20 values")
                .hasMessageContaining("input 'input' has 13");
        Guard guard = serve("rgb-cnn", "rgb-cnn.onnx", "  - type: validate\n  - type: query\n");
        Outcome first = send(guard, "rgb-cnn", Tensor.fp32("input", new long[]{1, 3, 32, 32}, TestModels.rgbPixels(0)));
        assertThat(first.decision().action()).isEqualTo(Action.ALLOW);
    }

    @Test
    void fingerprintsNeedANumericInput() {
        assertThatThrownBy(() -> serve("cat", "bytes-category.onnx", "  - type: query\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[0] (query) cannot run on model 'cat': it needs a numeric input; the input 'word' is BYTES");
    }

    @Test
    void fingerprintsAndImageTransformsNeedAKnownRange() throws IOException {
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        Path model = Files.copy(TestModels.file("rgb-cnn.onnx"), bare.resolve("rgb-cnn.onnx"));
        assertThatThrownBy(() -> serve("rgb-bare", model, "  - type: query\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[0] (query) cannot run on model 'rgb-bare': it needs a known valid range for its input; "
                        + "the input 'input' is FP32 [N,3,32,32] NCHW, with no declared range");
        assertThatThrownBy(() -> serve("rgb-bare", model, "  - type: sanitize\n    transforms: [median:2]\n"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("it needs a known valid range for its input");
        Guard guard = serve("rgb-bare", model, "  - type: validate\n  - type: harden\n");
        assertThat(send(guard, "rgb-bare", Tensor.fp32("input", new long[]{1, 3, 32, 32}, TestModels.rgbPixels(0))).decision().action())
                .isEqualTo(Action.ALLOW);
    }

    @Test
    void perChannelRangesFollowTheLayout() throws IOException {
        Path own = dir.resolve("own");
        Files.createDirectories(own);
        Path model = Files.copy(TestModels.file("rgb-cnn-uint8.onnx"), own.resolve("rgb-cnn-uint8.onnx"));
        Files.writeString(own.resolve("rgb-cnn-uint8.json"), "{\"input_ranges\": [[0, 200], [0, 255], [10, 255]]}");
        Guard guard = serve("rgb-u8", model, "  - type: validate\n");
        double[] nhwc = new double[3072];
        java.util.Arrays.fill(nhwc, 100);
        assertThat(send(guard, "rgb-u8", Tensor.numeric("image", DataType.UINT8, new long[]{1, 32, 32, 3}, nhwc)).decision().action())
                .isEqualTo(Action.ALLOW);
        nhwc[3 * 40 + 2] = 5;  // pixel 40, blue: below blue's minimum
        Outcome blue = send(guard, "rgb-u8", Tensor.numeric("image", DataType.UINT8, new long[]{1, 32, 32, 3}, nhwc));
        assertThat(blue.decision().message()).contains("channel 2 = 5.0 (row 0, element 122) is outside its range [10.0, 255.0]");
        nhwc[3 * 40 + 2] = 100;
        nhwc[3 * 41] = 201;     // pixel 41, red: above red's maximum, fine for green or blue
        Outcome red = send(guard, "rgb-u8", Tensor.numeric("image", DataType.UINT8, new long[]{1, 32, 32, 3}, nhwc));
        assertThat(red.decision().message()).contains("channel 0 = 201.0 (row 0, element 123)");
    }
}
