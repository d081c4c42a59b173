package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.Samples;
import dev.warden.model.OnnxModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Square's first query through the real bundled models: the noise-trained file keeps its labels, v2 does not. */
class NoiseRobustnessTest {
    private static final Path REPO = Path.of(System.getProperty("user.dir"));

    private static List<double[]> images(int n) {
        Samples s = FashionMnist.bundledTest(REPO);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(s.image(i));
        return out;
    }

    @Test
    void aCandidateThatLosesNoiseRobustnessShowsTheDrop() {
        try (OnnxModel robust = OnnxModel.load(REPO.resolve("models/fashion-cnn-robust.onnx"));
             OnnxModel v2 = OnnxModel.load(REPO.resolve("models/fashion-cnn-v2.onnx"))) {
            Map<String, Object> r = NoiseRobustness.measure(robust, v2, images(100));
            assertThat(r.get("measured")).isEqualTo(true);
            assertThat(r.get("images")).isEqualTo(100);
            assertThat((double) r.get("epsilon")).isEqualTo(0.2);
            double keptOld = (double) r.get("kept_old");
            double keptNew = (double) r.get("kept_new");
            assertThat(keptOld).isGreaterThan(0.85);
            assertThat(keptNew).isLessThan(keptOld - 0.1);
            assertThat((double) r.get("drop")).isEqualTo(keptOld - keptNew);

            // The other way round the drop is negative: a more robust candidate never fails the gate.
            Map<String, Object> back = NoiseRobustness.measure(v2, robust, images(100));
            assertThat((double) back.get("drop")).isLessThan(-0.1);
        }
    }

    @Test
    void aTabularModelIsReportedAsNotMeasuredWithTheReason() {
        try (OnnxModel wine = OnnxModel.load(REPO.resolve("models/wine-mlp.onnx"))) {
            Map<String, Object> r = NoiseRobustness.measure(wine, wine, List.of(new double[13]));
            assertThat(r.get("measured")).isEqualTo(false);
            assertThat((String) r.get("why")).contains("wine", "not a declared image layout");
        }
    }
}
