package dev.warden.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.model.OnnxModel;
import dev.warden.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivationModelTest {
    static final Path HOME = Path.of("").toAbsolutePath();
    static final Path CNN = HOME.resolve("models/fashion-cnn.onnx");

    @Test
    void exposesEveryReluOfTheCnnAsNeuronsWithoutChangingItsAnswers() throws Exception {
        LabeledImages test = FashionMnist.bundledTest(HOME);
        List<double[]> images = List.of(test.image(0), test.image(1), test.image(2));
        byte[] before = Files.readAllBytes(CNN);
        try (ActivationModel tapped = ActivationModel.open(CNN, List.of()); OnnxModel plain = OnnxModel.load(CNN)) {
            assertThat(tapped.layers()).extracting(ActivationModel.Layer::node).containsExactly("/Relu", "/Relu_1", "/Relu_2");
            assertThat(tapped.layers()).extracting(ActivationModel.Layer::neurons).containsExactly(32, 64, 128);
            assertThat(tapped.neurons()).isEqualTo(224);
            List<ActivationModel.Observation> seen = tapped.run(images);
            double[] flat = new double[3 * 784];
            for (int i = 0; i < 3; i++) System.arraycopy(images.get(i), 0, flat, i * 784, 784);
            Map<String, Tensor> out = plain.infer(Map.of("input", Tensor.fp32("input", new long[]{3, 1, 28, 28}, flat)));
            double[] logits = out.get("logits").values(), features = out.get("features").values();
            for (int i = 0; i < 3; i++) {
                ActivationModel.Observation o = seen.get(i);
                for (int c = 0; c < 10; c++) assertThat(o.scores()[c]).isCloseTo(logits[i * 10 + c], org.assertj.core.data.Offset.offset(1e-5));
                for (int k = 0; k < 128; k++) assertThat((double) o.neurons()[96 + k]).isCloseTo(features[i * 128 + k], org.assertj.core.data.Offset.offset(1e-5));
                assertThat(o.predicted()).isEqualTo(test.label(i));
                assertThat(o.nonFinite()).isFalse();
            }
        }
        assertThat(Files.readAllBytes(CNN)).isEqualTo(before);
    }

    @Test
    void chosenLayersByNodeNameAndAClearErrorForAnUnknownOne() {
        Path mlp = HOME.resolve("models/fashion-mlp.onnx");
        try (ActivationModel m = ActivationModel.open(mlp, List.of("/Relu"))) {
            assertThat(m.layers()).extracting(ActivationModel.Layer::neurons).containsExactly(256);
        }
        assertThatThrownBy(() -> ActivationModel.open(mlp, List.of("/Relu_9")))
                .hasMessageContaining("no node '/Relu_9'").hasMessageContaining("/Relu_1");
    }
}
