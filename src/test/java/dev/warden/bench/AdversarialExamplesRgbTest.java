package dev.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved examples of a model whose samples are no square grey image (signs-cnn: 3x32x32) read back whole. */
class AdversarialExamplesRgbTest {
    @Test
    void rgbExamplesRoundTrip(@TempDir Path dir) {
        double[] a = new double[3 * 32 * 32];
        double[] b = new double[3 * 32 * 32];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 255) / 255.0;
            b[i] = 1 - a[i];
        }
        AdversarialExamples.write(dir, "square", List.of(a, b), List.of(4, 9));
        List<double[]> back = AdversarialExamples.readAll(dir).get("square");
        assertThat(back).hasSize(2);
        assertThat(back.get(1)).hasSize(3072);
        assertThat(back.get(1)[3071]).isCloseTo(b[3071], org.assertj.core.data.Offset.offset(1e-6));
        assertThat(AdversarialExamples.indices(dir, "square")).containsExactly(4, 9);
    }
}
