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

/** A tabular MLP with per-feature ranges and normalization, and a scikit-learn-style ZipMap classifier. */
class TabularAndZipMapTest {
    static final JsonNode WINE = TestModels.expected("wine-mlp.expected.json");
    static final JsonNode IRIS = TestModels.expected("iris-zipmap.expected.json");

    @TempDir
    Path dir;

    static Tensor row(String name, double[] values) {
        return Tensor.fp32(name, new long[]{1, values.length}, values);
    }

    @Test
    void wineSidecarGivesLabelsFileRangesPerFeatureAndNormalization() {
        try (OnnxModel model = TestModels.load("wine-mlp.onnx")) {
            ModelMetadata meta = model.metadata();
            assertThat(meta.labels()).containsExactly("barolo", "grignolino", "barbera");
            InputDomain domain = meta.domain("input");
            assertThat(domain.layout()).isEqualTo(Layout.FEATURES);
            assertThat(domain.ranges()).hasSize(13);
            assertThat(domain.range(12).max()).isGreaterThan(1000);  // proline, in the thousands
            assertThat(domain.range(7).max()).isLessThan(2);          // nonflavanoid phenols, below one
            assertThat(domain.channelName(12)).isEqualTo("feature 12 (proline)");
            for (int i = 0; i < 5; i++) {
                double[] logits = model.infer(Map.of("input", row("input", TestModels.row(WINE.get("features").get(i))))).get("logits").values();
                assertThat(logits).containsExactly(TestModels.row(WINE.get("logits").get(i)), within(1e-3));
            }
        }
    }

    @Test
    void wineWithoutSidecarIsFeaturesWithNoRangeAndTakesStandardizedInput() {
        try (OnnxModel model = TestModels.loadBare("wine-mlp.onnx", dir)) {
            ModelMetadata meta = model.metadata();
            assertThat(meta.layout()).isEqualTo("FEATURES");
            assertThat(meta.inputRange()).isNull();
            assertThat(meta.scoresOutput()).isEqualTo("logits");
            double[] logits = model.infer(Map.of("input", row("input", TestModels.row(WINE.get("standardized").get(0))))).get("logits").values();
            assertThat(logits).containsExactly(TestModels.row(WINE.get("logits").get(0)), within(1e-3));
        }
    }

    @Test
    void zipMapBecomesAScoresTensorLabelledByItsKeys() {
        try (OnnxModel model = TestModels.load("iris-zipmap.onnx")) {
            ModelMetadata meta = model.metadata();
            assertThat(meta.scoresOutput()).isEqualTo("output_probability");
            assertThat(meta.scoresKind()).isEqualTo(ScoresKind.PROBABILITIES);
            assertThat(meta.labels()).containsExactly("setosa", "versicolor", "virginica");
            assertThat(meta.output("output_probability").orElseThrow().shape()).containsExactly(-1, 3);
            assertThat(meta.output("label").orElseThrow().datatype()).isEqualTo(DataType.BYTES);
            int n = IRIS.get("features").size();
            double[] flat = new double[n * 4];
            for (int i = 0; i < n; i++) System.arraycopy(TestModels.row(IRIS.get("features").get(i)), 0, flat, i * 4, 4);
            Map<String, Tensor> out = model.infer(Map.of("input", Tensor.fp32("input", new long[]{n, 4}, flat)));
            Tensor scores = out.get("output_probability");
            assertThat(scores.shape()).containsExactly(n, 3);
            for (int i = 0; i < n; i++) {
                double[] p = {scores.values()[i * 3], scores.values()[i * 3 + 1], scores.values()[i * 3 + 2]};
                assertThat(p).containsExactly(TestModels.row(IRIS.get("probabilities").get(i)), within(1e-4));
                assertThat(out.get("label").strings()[i]).isEqualTo(IRIS.get("labels").get(i).asText());
            }
        }
    }

    @Test
    void everyNumericDatatypeGoesInAndComesBack() {
        double[][] w = {{1, -1}, {2, 0.5}, {-0.5, 1}, {0.25, 3}};
        Map<String, double[]> inputs = Map.of(
                "FP16", new double[]{0.5, -1.25, 2, 1024, 3, 0, -0.125, 7},
                "FP64", new double[]{0.1, -1e-3, 2.5, 1e6, -3, 0, 0.3333333333333333, 7},
                "INT64", new double[]{-5, 0, 123456789, 7, 1, 2, 3, 4},
                "INT32", new double[]{-5, 0, 65536, 7, 1, 2, 3, 4},
                "UINT8", new double[]{0, 255, 128, 7, 1, 2, 3, 4},
                "BOOL", new double[]{0, 1, 1, 0, 1, 1, 1, 1});
        for (Map.Entry<String, double[]> e : inputs.entrySet()) {
            DataType type = DataType.valueOf(e.getKey());
            try (OnnxModel model = TestModels.load("cast-" + e.getKey().toLowerCase() + ".onnx")) {
                assertThat(model.metadata().inputs().get(0).datatype()).as(e.getKey()).isEqualTo(type);
                double[] x = e.getValue();
                Map<String, Tensor> out = model.infer(Map.of("x", Tensor.numeric("x", type, new long[]{2, 4}, x)));
                assertThat(out.get("echo").datatype()).as(e.getKey()).isEqualTo(type);
                assertThat(out.get("echo").values()).as(e.getKey()).containsExactly(x);
                double[] scores = out.get("scores").values();
                for (int r = 0; r < 2; r++) {
                    for (int c = 0; c < 2; c++) {
                        double want = 0;
                        for (int k = 0; k < 4; k++) want += (float) x[r * 4 + k] * w[k][c];
                        assertThat(scores[r * 2 + c]).as(e.getKey()).isCloseTo(want, within(Math.abs(want) * 1e-6 + 1e-6));
                    }
                }
            }
        }
    }

    @Test
    void probabilitiesUnderAPlainNameAreFoundByAProbeRun(@TempDir Path elsewhere) {
        try (OnnxModel softmax = TestModels.load("softmax-output.onnx");
             OnnxModel logits = TestModels.load("cast-int32.onnx");
             OnnxModel cnn = TestModels.loadBare("rgb-cnn.onnx", elsewhere)) {
            assertThat(softmax.metadata().scoresOutput()).isEqualTo("output");
            assertThat(softmax.metadata().scoresKind()).isEqualTo(ScoresKind.PROBABILITIES);
            assertThat(logits.metadata().scoresKind()).isEqualTo(ScoresKind.LOGITS);
            assertThat(cnn.metadata().scoresKind()).isEqualTo(ScoresKind.LOGITS);
        }
    }

    @Test
    void bytesInputIsPassedAsStrings() {
        try (OnnxModel model = TestModels.load("bytes-category.onnx")) {
            assertThat(model.metadata().inputs().get(0).datatype()).isEqualTo(DataType.BYTES);
            assertThat(model.metadata().scoresKind()).isEqualTo(ScoresKind.PROBABILITIES);
            Tensor words = Tensor.bytes("word", new long[]{3, 1}, new String[]{"dog", "bird", "cat"});
            double[] scores = model.infer(Map.of("word", words)).get("scores").values();
            assertThat(scores).containsExactly(0, 1, 0, 0, 0, 1, 1, 0, 0);
        }
    }
}
