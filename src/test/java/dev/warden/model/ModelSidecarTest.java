package dev.warden.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sidecars that cannot describe their model are refused when it loads, naming the model and the field. */
class ModelSidecarTest {
    @TempDir
    Path dir;

    private OnnxModel loadWith(String model, String sidecarJson) throws IOException {
        Path copy = Files.copy(TestModels.file(model), dir.resolve(model), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(model.replace(".onnx", ".json")), sidecarJson);
        return OnnxModel.load(copy, null, 1);
    }

    @Test
    void bundledSidecarsKeepWorking() {
        try (OnnxModel model = OnnxModel.load(Path.of("models/fashion-cnn.onnx"))) {
            ModelMetadata meta = model.metadata();
            assertThat(meta.name()).isEqualTo("fashion-cnn");
            assertThat(meta.inputRange()).isEqualTo(new ValueRange(0, 1));
            assertThat(meta.layout()).isEqualTo("NCHW");
            assertThat(meta.labels()).hasSize(10);
            assertThat(meta.scoresOutput()).isEqualTo("logits");
            assertThat(meta.featuresOutput()).isEqualTo("features");
            assertThat(meta.domain("input").normalization()).isNull();
        }
    }

    @Test
    void normalizationWithTheWrongChannelCountIsRefused() {
        assertThatThrownBy(() -> loadWith("rgb-cnn.onnx", "{\"normalization\": {\"mean\": [0.5, 0.5, 0.5, 0.5], \"std\": [1, 1, 1, 1]}}"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model rgb-cnn").hasMessageContaining("has 3 channels but normalization gives 4");
    }

    @Test
    void zeroStdIsRefused() {
        assertThatThrownBy(() -> loadWith("rgb-cnn.onnx", "{\"normalization\": {\"mean\": [0.5], \"std\": [0]}}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("std[0] must be > 0");
    }

    @Test
    void perFeatureRangesMustCoverEveryFeature() {
        String twelve = "[0, 1],".repeat(11) + "[0, 1]";
        assertThatThrownBy(() -> loadWith("wine-mlp.onnx", "{\"input_ranges\": [" + twelve + "]}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("has 13 features but input_ranges gives 12");
    }

    @Test
    void aSingleRangeBesidePerFeatureRangesIsTheirEnvelope() throws IOException {
        String ranges = "[0, 1],".repeat(12) + "[100, 2000]";
        try (OnnxModel m = loadWith("wine-mlp.onnx", "{\"input_range\": [0, 2000], \"input_ranges\": [" + ranges + "]}")) {
            assertThat(m.metadata().inputs()).hasSize(1);
        }
        assertThatThrownBy(() -> loadWith("wine-mlp.onnx", "{\"input_range\": [0, 1000], \"input_ranges\": [" + ranges + "]}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("input_ranges[12] [100.0, 2000.0] lies outside input_range [0.0, 1000.0]");
    }

    @Test
    void perFeatureRangesNeedMinBelowMax() {
        String ranges = "[0, 1],".repeat(12) + "[5, 1]";
        assertThatThrownBy(() -> loadWith("wine-mlp.onnx", "{\"input_ranges\": [" + ranges + "]}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("input_ranges[12]");
    }

    @Test
    void labelsMustMatchTheClassCount() {
        assertThatThrownBy(() -> loadWith("rgb-cnn.onnx", "{\"labels\": [\"a\", \"b\"]}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("2 labels given but scores output 'logits' has 3 classes");
    }

    @Test
    void labelsAndLabelsFileTogetherAreRefused() {
        assertThatThrownBy(() -> loadWith("rgb-cnn.onnx", "{\"labels\": [\"a\", \"b\", \"c\"], \"labels_file\": \"x.txt\"}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("labels or labels_file, not both");
    }

    @Test
    void labelsFileIsReadRelativeToTheSidecar() throws IOException {
        Files.writeString(dir.resolve("colours.txt"), "rouge\nvert\nbleu\n\n");
        try (OnnxModel model = loadWith("rgb-cnn.onnx", "{\"labels_file\": \"colours.txt\"}")) {
            assertThat(model.metadata().labels()).containsExactly("rouge", "vert", "bleu");
        }
    }

    @Test
    void aSidecarDescribingAnotherModelIsRefused() {
        assertThatThrownBy(() -> loadWith("rgb-cnn.onnx", "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"UINT8\", \"shape\": [-1, 32, 32, 3]}]}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("the sidecar describes another model");
        assertThatThrownBy(() -> loadWith("rgb-cnn.onnx", "{\"inputs\": [{\"name\": \"pixels\"}]}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("sidecar input 'pixels' is not an input");
    }

    @Test
    void layoutMustFitTheRank() {
        assertThatThrownBy(() -> loadWith("wine-mlp.onnx", "{\"layout\": \"NHWC\"}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("cannot have layout NHWC");
        assertThatThrownBy(() -> loadWith("wine-mlp.onnx", "{\"layout\": \"CHW\"}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("layout must be NCHW, NHWC or FEATURES");
    }

    @Test
    void normalizationOfAnIntegerInputIsRefused() {
        assertThatThrownBy(() -> loadWith("rgb-cnn-uint8.onnx", "{\"normalization\": {\"mean\": [0.5], \"std\": [0.2]}}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("UINT8: normalization needs a floating-point input");
    }

    @Test
    void perInputEntriesOverrideForTheirInput() throws IOException {
        try (OnnxModel model = loadWith("rgb-cnn-uint8.onnx",
                "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"UINT8\", \"input_ranges\": [[0, 200], [0, 255], [10, 255]]}]}")) {
            InputDomain d = model.metadata().domain("image");
            assertThat(d.layout()).isEqualTo(Layout.NHWC);
            assertThat(d.range(0)).isEqualTo(new ValueRange(0, 200));
            assertThat(d.range(2)).isEqualTo(new ValueRange(10, 255));
            assertThat(model.metadata().inputRange()).isEqualTo(new ValueRange(0, 255));
        }
    }

    @Test
    void aWrittenSidecarReadsBackTheSame() throws IOException {
        Files.copy(TestModels.file("wine-mlp.labels"), dir.resolve("wine-mlp.labels"));
        ModelSidecar original = ModelSidecar.read(TestModels.file("wine-mlp.json"));
        original.write(dir.resolve("wine-mlp.json"));
        String json = Files.readString(dir.resolve("wine-mlp.json"));
        assertThat(json).contains("\"labels_file\"", "\"input_ranges\"", "\"normalization\"", "\"feature_names\"")
                .doesNotContain("\"labels\"", "null");
        ModelSidecar again = ModelSidecar.read(dir.resolve("wine-mlp.json"));
        assertThat(again).isEqualTo(original);
        try (OnnxModel model = OnnxModel.load(Files.copy(TestModels.file("wine-mlp.onnx"), dir.resolve("wine-mlp.onnx")), null, 1);
             OnnxModel bundled = TestModels.load("wine-mlp.onnx")) {
            assertThat(model.metadata().domains()).isEqualTo(bundled.metadata().domains());
        }
    }

    @Test
    void theOldSidecarShapeStillBuilds() {
        ModelSidecar old = new ModelSidecar("m", "1", null, java.util.List.of("a", "b", "c"), java.util.List.of(0.0, 1.0), "NCHW",
                "logits", "logits", null, null);
        assertThat(old.range()).isEqualTo(new ValueRange(0, 1));
        assertThat(old.kind()).isEqualTo(ScoresKind.LOGITS);
    }

    @Test
    void scoresKindIsChecked() {
        assertThatThrownBy(() -> loadWith("rgb-cnn.onnx", "{\"scores_kind\": \"softmax\"}"))
                .isInstanceOf(ModelException.class).hasMessageContaining("scores_kind must be logits or probabilities");
    }
}
