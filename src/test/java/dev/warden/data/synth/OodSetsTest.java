package dev.warden.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OodSetsTest {
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));

    @Test
    void everySetIsReproducibleForASeedAndInRange() {
        for (String name : OodSets.NAMES) {
            List<double[]> a = OodSets.generate(name, 5, 3, TEST);
            List<double[]> b = OodSets.generate(name, 5, 3, TEST);
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i)).as(name).hasSize(784).containsExactly(b.get(i));
                for (double v : a.get(i)) assertThat(v).as(name).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void glyphsHaveInkOnBlack() {
        double[] g = Glyphs.render('A', 28, new SplittableRandom(1));
        double ink = 0;
        for (double v : g) ink += v;
        assertThat(ink).isGreaterThan(10);
        assertThat(g[0]).isZero();
    }

    @Test
    void attackedStreamsDifferFromTheBenignStreamOnlyInTheReplacedFrames() {
        double[] image = TEST.image(0);
        double[] adv = new double[784];
        List<double[]> benign = VideoStreams.benign(image, 32, new SplittableRandom(5));
        List<double[]> attacked = VideoStreams.attacked(image, adv, 32, 0.25, new SplittableRandom(5), new SplittableRandom(9));
        int replaced = 0;
        for (int t = 0; t < 32; t++) {
            if (attacked.get(t) == benign.get(t) || java.util.Arrays.equals(attacked.get(t), benign.get(t))) continue;
            assertThat(attacked.get(t)).containsExactly(adv);
            replaced++;
        }
        assertThat(replaced).isGreaterThanOrEqualTo(2);
    }
}
