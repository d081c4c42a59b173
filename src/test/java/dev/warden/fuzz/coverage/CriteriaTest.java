package dev.warden.fuzz.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.fuzz.ActivationModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriteriaTest {
    static final Path HOME = Path.of("").toAbsolutePath();
    static final NeuronBounds BOUNDS = new NeuronBounds(new float[]{0, 0, 0, 0}, new float[]{1, 1, 2, 0});
    static final int[] TWO_LAYERS = {0, 2, 4};

    @Test
    void ncScalesEachLayerByItsMinimumAndMaximumForThatInput() {
        NeuronCoverage nc = new NeuronCoverage(TWO_LAYERS, 0.5);
        assertThat(nc.add(new float[]{0, 10, 3, 3})).isTrue();   // layer 1: neuron 1 scaled to 1; layer 2: flat, nothing
        assertThat(nc.covered()).isEqualTo(1);
        assertThat(nc.add(new float[]{0, 10, 3, 3})).isFalse();
        assertThat(nc.add(new float[]{5, 4, 0, 100})).isTrue();  // neuron 0 (scaled 1) and neuron 3
        assertThat(nc.value()).isEqualTo(0.75);
    }

    @Test
    void kmncCountsSectionsInsideTheCalibrationRangeOnly() {
        MultisectionCoverage k = new MultisectionCoverage(BOUNDS, 4);
        k.add(new float[]{0.1f, 0.99f, 5f, 0f});   // sections 0 and 3; neuron 2 above its range; neuron 3 has an empty range
        assertThat(k.covered()).isEqualTo(3);
        k.add(new float[]{0.2f, 1.0f, 1.0f, 0f});  // 0.2 stays in section 0, 1.0 is the top section, 1.0 of [0,2] is section 2
        assertThat(k.covered()).isEqualTo(4);
        assertThat(k.value()).isEqualTo(4 / 16.0);
    }

    @Test
    void nbcCountsBothCornersAndSnacTheUpperOnly() {
        BoundaryCoverage nbc = BoundaryCoverage.nbc(BOUNDS), snac = BoundaryCoverage.snac(BOUNDS);
        float[] v = {-1f, 2f, 1f, 0f};
        assertThat(nbc.add(v)).isTrue();
        assertThat(snac.add(v)).isTrue();
        assertThat(nbc.value()).isEqualTo(2 / 8.0);
        assertThat(snac.value()).isEqualTo(1 / 4.0);
        assertThat(snac.add(new float[]{-5f, 0.5f, 1f, 0f})).isFalse();
    }

    @Test
    void tkncTakesTheTopKOfEachLayer() {
        TopKCoverage t = new TopKCoverage(new int[]{0, 3, 5}, 1);
        t.add(new float[]{1, 3, 2, 0, 7});
        assertThat(t.covered()).isEqualTo(2);   // neuron 1 of layer 1, neuron 4 of layer 2
        t.add(new float[]{9, 3, 2, 8, 7});
        assertThat(t.covered()).isEqualTo(4);
        assertThatThrownBy(() -> new TopKCoverage(new int[]{0, 3}, 0)).hasMessageContaining("k must be >= 1");
    }

    @Test
    void theBundledCnnsCoverageOfAFixedCorpusIsTheSameEveryTimeAndGrowsWithTheCorpus() {
        LabeledImages train = FashionMnist.bundledTrain(HOME), test = FashionMnist.bundledTest(HOME);
        try (ActivationModel m = ActivationModel.open(HOME.resolve("models/fashion-cnn.onnx"), List.of())) {
            List<float[]> cal = neurons(m, train, 500);
            NeuronBounds bounds = NeuronBounds.fit(cal);
            double r = CoverageSettings.defaults().noveltyRadius(bounds, cal);
            int[] starts = {0, 32, 96, 224};
            List<float[]> corpus = neurons(m, test, 300);
            Coverage a = new Coverage(CoverageSettings.defaults(), starts, bounds, r, 17);
            Coverage b = new Coverage(CoverageSettings.defaults(), starts, bounds, r, 17);
            corpus.subList(0, 100).forEach(a::add);
            java.util.Map<String, Double> at100 = a.values();
            corpus.subList(100, 300).forEach(a::add);
            corpus.forEach(b::add);
            assertThat(a.values()).isEqualTo(b.values()).containsOnlyKeys("nc", "kmnc", "nbc", "snac", "tknc");
            assertThat(a.values().get("kmnc")).isGreaterThan(at100.get("kmnc"));
            assertThat(a.values().get("nbc")).isGreaterThan(0).isLessThan(0.5);   // test images leave the training range rarely
            assertThat(a.noveltyCorpus()).isEqualTo(b.noveltyCorpus()).isGreaterThan(100);
        }
    }

    static List<float[]> neurons(ActivationModel m, LabeledImages images, int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i += 50) {
            List<double[]> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 50); j++) batch.add(images.image(j));
            m.run(batch).forEach(o -> out.add(o.neurons()));
        }
        return out;
    }
}
