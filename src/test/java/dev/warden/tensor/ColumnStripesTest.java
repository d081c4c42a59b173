package dev.warden.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColumnStripesTest {
    @Test
    void stripesMoveEachWholeColumnByPlusOrMinusEpsAsSquareStarts() {
        double[] image = FashionMnist.bundledTest(Path.of(".")).image(0);
        double[] striped = ColumnStripes.of(image, new int[]{1, 28, 28}, 0.2, new SplittableRandom(4));
        int up = 0;
        for (int x = 0; x < 28; x++) {
            Double sign = null;
            for (int y = 0; y < 28; y++) {
                double before = image[y * 28 + x], after = striped[y * 28 + x];
                double expectedUp = Math.min(1, before + 0.2), expectedDown = Math.max(0, before - 0.2);
                assertThat(after).as("column %d row %d", x, y).isIn(expectedUp, expectedDown);
                if (expectedUp != expectedDown) {
                    double s = after == expectedUp ? 1 : -1;
                    if (sign != null) assertThat(s).as("one sign per column %d", x).isEqualTo(sign);
                    sign = s;
                }
            }
            if (sign != null && sign > 0) up++;
        }
        assertThat(up).as("columns moved up").isBetween(5, 23);
    }

    @Test
    void sameRandomSameStripes() {
        double[] image = new double[2 * 4 * 5];
        int[] chw = {2, 4, 5};
        assertThat(ColumnStripes.of(image, chw, 0.1, new SplittableRandom(7))).containsExactly(ColumnStripes.of(image, chw, 0.1, new SplittableRandom(7)));
    }
}
