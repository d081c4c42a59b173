package dev.warden.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An RGB classifier trained on ImageNet-normalized input, with and without its sidecar, and the same network
 * taking UINT8 NHWC images: metadata inferred from the graph, normalization applied by the wrapper.
 */
class ImageModelMetadataTest {
    static final JsonNode EXPECTED = TestModels.expected("rgb-cnn.expected.json");

    @TempDir
    Path dir;

    static Tensor batch(String name, double[] image) {
        return Tensor.fp32(name, new long[]{1, 3, 32, 32}, image);
    }

    @Test
    void sidecarDeclaresNormalizationAndTheWrapperAppliesIt() {
        try (OnnxModel model = TestModels.load("rgb-cnn.onnx")) {
            ModelMetadata meta = model.metadata();
            assertThat(meta.layout()).isEqualTo("NCHW");
            assertThat(meta.inputRange()).isEqualTo(new ValueRange(0, 1));
            assertThat(meta.domain("input").normalization().channels()).isEqualTo(3);
            assertThat(meta.labels()).containsExactly("red", "green", "blue");
            assertThat(meta.featuresOutput()).isEqualTo("features");
            for (int i = 0; i < 3; i++) {
                double[] logits = model.infer(Map.of("input", batch("input", TestModels.rgbPixels(i)))).get("logits").values();
                assertThat(logits).containsExactly(TestModels.row(EXPECTED.get("logits").get(i)), within(1e-4));
            }
        }
    }

    @Test
    void withoutSidecarNothingIsNormalizedAndManualNormalizationGivesTheSameLogits() {
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        try (OnnxModel bare = TestModels.loadBare("rgb-cnn.onnx", dir); OnnxModel guarded = TestModels.load("rgb-cnn.onnx")) {
            ModelMetadata meta = bare.metadata();
            assertThat(meta.layout()).isEqualTo("NCHW");
            assertThat(meta.inputRange()).isNull();
            assertThat(meta.domain("input").normalization()).isNull();
            assertThat(meta.scoresOutput()).isEqualTo("logits");
            assertThat(meta.scoresKind()).isEqualTo(ScoresKind.LOGITS);
            assertThat(meta.featuresOutput()).isEqualTo("features");
            assertThat(meta.labels()).isEmpty();
            assertThat(meta.labelOf(2)).isEqualTo("2");
            assertThat(meta.inputs().get(0).shape()).containsExactly(-1, 3, 32, 32);

            double[] image = TestModels.rgbPixels(0);
            double[] normalized = new double[image.length];
            for (int i = 0; i < image.length; i++) normalized[i] = (image[i] - mean[i / 1024]) / std[i / 1024];
            double[] manual = bare.infer(Map.of("input", batch("input", normalized))).get("logits").values();
            double[] byWrapper = guarded.infer(Map.of("input", batch("input", image))).get("logits").values();
            double[] unnormalized = bare.infer(Map.of("input", batch("input", image))).get("logits").values();
            assertThat(byWrapper).containsExactly(manual, within(1e-5));
            assertThat(unnormalized).isNotEqualTo(byWrapper);
        }
    }

    @Test
    void uint8NhwcModelIsInferredFromItsGraph() {
        try (OnnxModel model = TestModels.load("rgb-cnn-uint8.onnx")) {
            ModelMetadata meta = model.metadata();
            TensorSpec in = meta.inputs().get(0);
            assertThat(in.datatype()).isEqualTo(DataType.UINT8);
            assertThat(in.shape()).containsExactly(-1, 32, 32, 3);
            assertThat(meta.layout()).isEqualTo("NHWC");
            assertThat(meta.inputRange()).isEqualTo(new ValueRange(0, 255));
            for (int image = 0; image < 3; image++) {
                JsonNode u8 = EXPECTED.get("uint8_nchw").get(image);
                double[] nhwc = new double[32 * 32 * 3];
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 1024; p++) nhwc[p * 3 + c] = u8.get(c * 1024 + p).asInt();
                }
                Tensor x = Tensor.numeric("image", DataType.UINT8, new long[]{1, 32, 32, 3}, nhwc);
                double[] logits = model.infer(Map.of("image", x)).get("logits").values();
                assertThat(logits).containsExactly(TestModels.row(EXPECTED.get("uint8_logits").get(image)), within(1e-4));
                // the same network as rgb-cnn on the same pixels
                assertThat(logits).containsExactly(TestModels.row(EXPECTED.get("logits").get(image)), within(1e-3));
            }
        }
    }

    @Test
    void dynamicBatchTakesSeveralImages() {
        try (OnnxModel model = TestModels.load("rgb-cnn.onnx")) {
            double[] two = new double[2 * 3072];
            System.arraycopy(TestModels.rgbPixels(0), 0, two, 0, 3072);
            System.arraycopy(TestModels.rgbPixels(1), 0, two, 3072, 3072);
            Tensor logits = model.infer(Map.of("input", Tensor.fp32("input", new long[]{2, 3, 32, 32}, two))).get("logits");
            assertThat(logits.shape()).containsExactly(2, 3);
            assertThat(new double[]{logits.values()[3], logits.values()[4], logits.values()[5]})
                    .containsExactly(TestModels.row(EXPECTED.get("logits").get(1)), within(1e-4));
        }
    }
}
