package dev.warden.defense.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.model.OnnxModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The default threshold follows the bundled model file it was measured on, and exists for no other. */
class KnnConfigTest {
    static KnnConfig forFile(String file) {
        return KnnConfig.defaults().forModel("fashion-cnn", OnnxModel.sha256(Path.of("models", file)));
    }

    @Test
    void eachBundledFashionCnnFileGetsItsOwnMeasuredThreshold() {
        assertThat(forFile("fashion-cnn-robust.onnx").threshold()).isEqualTo(7.89);
        assertThat(forFile("fashion-cnn.onnx").threshold()).isEqualTo(8.05);
        assertThat(new KnnConfig(null, null, 3.0, null, null, null, null, null).forModel("x", "no-such-file").threshold()).isEqualTo(3.0);
    }

    @Test
    void anotherModelFileWithoutAThresholdIsRefused() {
        assertThatThrownBy(() -> forFile("fashion-cnn-v2.onnx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold is not set").hasMessageContaining("knn-calibrate");
    }
}
