package dev.warden.fuzz.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.fuzz.ActivationModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoveltyIndexTest {
    static final Path HOME = Path.of("").toAbsolutePath();

    @Test
    void lshAgreesWithExhaustiveSearchOnRealActivationsWhileComparingFarFewerVectors() {
        try (ActivationModel m = ActivationModel.open(HOME.resolve("models/fashion-cnn.onnx"), List.of())) {
            List<float[]> cal = CriteriaTest.neurons(m, FashionMnist.bundledTrain(HOME), 2000);
            NeuronBounds bounds = NeuronBounds.fit(cal);
            double r = CoverageSettings.defaults().noveltyRadius(bounds, cal);
            List<float[]> test = new ArrayList<>();
            for (float[] v : CriteriaTest.neurons(m, FashionMnist.bundledTest(HOME), 2000)) test.add(Coverage.scaled(bounds, v));
            NoveltyIndex index = new NoveltyIndex(bounds.size(), r, 17);
            List<float[]> exact = new ArrayList<>();
            int agree = 0;
            for (float[] v : test) {
                double best = Double.POSITIVE_INFINITY;
                for (float[] e : exact) best = Math.min(best, NoveltyIndex.distance(v, e));
                boolean novel = best > r;
                if (novel) exact.add(v);
                if (index.addIfNovel(v) == novel) agree++;
            }
            assertThat(agree).isGreaterThanOrEqualTo((int) (0.97 * test.size()));
            // exhaustive search compares each query with the whole corpus so far; the index with a small fraction of it
            long exhaustive = 0;
            for (int i = 0; i < test.size(); i++) exhaustive += Math.min(i, index.size());
            assertThat(index.distanceComputations()).isLessThan(exhaustive / 10);
        }
    }
}
