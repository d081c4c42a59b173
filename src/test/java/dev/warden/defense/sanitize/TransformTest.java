package dev.warden.defense.sanitize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TransformTest {
    @Test
    void parsesAndRefusesBadSpecs() {
        assertThat(Transform.parse("bitDepth:4")).isEqualTo(new Transform(Transform.Kind.BIT_DEPTH, 4));
        assertThat(Transform.parse(" Median : 3 ").toString()).isEqualTo("median:3");
        assertThatThrownBy(() -> Transform.parse("blur:2")).hasMessageContaining("unknown transform 'blur'");
        assertThatThrownBy(() -> Transform.parse("jpeg:101")).hasMessageContaining("jpeg must be between 1 and 100");
        assertThatThrownBy(() -> Transform.parse("median")).hasMessageContaining("kind:param");
    }

    @Test
    void bitDepthRoundsToTheLevels() {
        double[] out = Transform.parse("bitDepth:1").apply(new double[]{0.2, 0.6, 1.0, -0.1}, new int[]{1, 2, 2});
        assertThat(out).containsExactly(0, 1, 1, 0);
    }

    @Test
    void medianRemovesAnIsolatedSpikeAndKeepsFlatRegions() {
        double[] img = new double[25];
        img[12] = 1;
        double[] out = Transform.parse("median:3").apply(img, new int[]{1, 5, 5});
        assertThat(out).containsOnly(0.0);
        double[] flat = new double[25];
        java.util.Arrays.fill(flat, 0.4);
        assertThat(Transform.parse("median:2").apply(flat, new int[]{1, 5, 5})).containsOnly(0.4);
    }

    @Test
    void jpegKeepsAFlatImageAndWorksPerImageOfABatch() {
        double[] batch = new double[2 * 64];
        for (int i = 64; i < 128; i++) batch[i] = 0.6;
        double[] out = Transform.parse("jpeg:90").apply(batch, new int[]{1, 8, 8});
        for (int i = 0; i < 64; i++) assertThat(out[i]).isCloseTo(0, within(0.01));
        for (int i = 64; i < 128; i++) assertThat(out[i]).isCloseTo(0.6, within(0.01));
    }
}
