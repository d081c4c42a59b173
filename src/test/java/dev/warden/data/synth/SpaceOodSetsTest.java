package dev.warden.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.InputConversion;
import dev.warden.data.InputLayout;
import dev.warden.data.Samples;
import dev.warden.tensor.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpaceOodSetsTest {
    /** One UINT8 NHWC 2x2 RGB image whose pixel p has channels (10p, 10p+1, 10p+2). */
    static final double[] IMAGE = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32};
    static final InputConversion U8_NHWC = new InputConversion("image", DataType.UINT8, InputLayout.NHWC, new long[]{2, 2, 3}, null, null,
            0, 255, null);

    @Test
    void setsAreLaidOutAndScaledAsTheModelTakesThem() {
        SpaceOodSets sets = SpaceOodSets.forImages(U8_NHWC);
        assertThat(sets.names()).contains("bgr", "grey", "digits");
        assertThat(sets.generate("bgr", 1, 1, samples(IMAGE)).get(0)).containsExactly(2, 1, 0, 12, 11, 10, 22, 21, 20, 32, 31, 30);
        assertThat(sets.generate("inverted", 1, 1, samples(IMAGE)).get(0)).startsWith(255, 254, 253);
        for (String name : sets.names()) {
            for (double v : sets.generate(name, 3, 1, samples(IMAGE)).get(2)) {
                assertThat(v).as(name).isBetween(0.0, 255.0).isEqualTo(Math.rint(v));
            }
        }
    }

    @Test
    void tabularRowsStayWithinEachFeaturesRange() {
        InputConversion features = new InputConversion("x", DataType.FP32, InputLayout.FEATURES, new long[]{3}, null, null, 0, 1, null);
        Samples rows = samples(new double[]{1, 100, 0.5}, new double[]{2, 300, 0.7});
        SpaceOodSets sets = SpaceOodSets.forFeatures(features, null, null, rows);
        for (String name : sets.names()) {
            for (double[] row : sets.generate(name, 20, 3, rows)) {
                assertThat(row[0]).as(name).isBetween(1.0, 2.0);
                assertThat(row[1]).as(name).isBetween(100.0, 300.0);
                assertThat(row[2]).as(name).isBetween(0.5, 0.7);
            }
        }
        double[] swapped = sets.generate("swapped", 1, 3, rows).get(0);
        assertThat(java.util.Arrays.equals(swapped, rows.image(0))).isFalse();
    }

    static Samples samples(double[]... images) {
        List<double[]> list = List.of(images);
        return new Samples() {
            public String source() {
                return "test";
            }

            public int count() {
                return list.size();
            }

            public double[] image(int index) {
                return list.get(index).clone();
            }

            public boolean labelled() {
                return false;
            }

            public int label(int index) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
