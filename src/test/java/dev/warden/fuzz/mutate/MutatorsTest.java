package dev.warden.fuzz.mutate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.data.FashionMnist;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MutatorsTest {
    static final InputSpace IMAGE = InputSpace.of(new long[]{1, 28, 28}, 0, 1, null, null);
    static final double[] SHIRT = FashionMnist.bundledTest(Path.of("").toAbsolutePath()).image(1);

    @Test
    void everyImageMutationIsDeterministicStaysInRangeAndChangesTheImage() {
        Mutators all = new Mutators(IMAGE, MutationLimits.DEFAULTS, List.of());
        for (String kind : Mutators.IMAGE_KINDS) {
            Mutators one = new Mutators(IMAGE, MutationLimits.DEFAULTS, List.of(kind));
            SplittableRandom r = new SplittableRandom(5);
            Mutation m = one.draw(r);
            if (kind.equals("noise")) m = Mutation.of("noise", "sigma", 0.05, "seed", 9);
            double[] a = all.apply(SHIRT, List.of(m)), b = all.apply(SHIRT, List.of(m));
            assertThat(m.kind()).isEqualTo(kind);
            assertThat(a).as(kind).isEqualTo(b).isNotEqualTo(SHIRT);
            for (double v : a) assertThat(v).as(kind).isBetween(0.0, 1.0);
        }
    }

    @Test
    void translationMovesPixelsExactlyAndRotationByZeroChangesNothing() {
        Mutators m = new Mutators(IMAGE, MutationLimits.DEFAULTS, List.of());
        double[] moved = m.apply(SHIRT, List.of(Mutation.of("translation", "dx", 2, "dy", 1)));
        assertThat(moved[(10 + 1) * 28 + 12 + 2]).isCloseTo(SHIRT[10 * 28 + 12], org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m.apply(SHIRT, List.of(Mutation.of("rotation", "degrees", 0)))).containsExactly(SHIRT, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void drawsStayWithinTheDeclaredLimits() {
        MutationLimits tight = new MutationLimits(0.05, 0.1, 5, 1, 0.05, 0.5, 0.01, 80, 0.1, 0.1, 0.05, 2);
        Mutators m = new Mutators(IMAGE, tight, List.of());
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            Mutation x = m.draw(r);
            switch (x.kind()) {
                case "brightness" -> assertThat(Math.abs(x.param("delta"))).isLessThanOrEqualTo(0.05);
                case "rotation" -> assertThat(Math.abs(x.param("degrees"))).isLessThanOrEqualTo(5.0);
                case "translation" -> assertThat(Math.max(Math.abs(x.param("dx")), Math.abs(x.param("dy")))).isLessThanOrEqualTo(1.0);
                case "jpeg" -> assertThat(x.param("quality")).isGreaterThanOrEqualTo(80.0);
                case "noise" -> assertThat(x.param("sigma")).isLessThanOrEqualTo(0.01);
                case "occlusion", "sticker" -> assertThat(x.param("size")).isLessThanOrEqualTo(3.0);
                default -> { }
            }
        }
        assertThatThrownBy(() -> new MutationLimits(0.2, 0.3, 15, 3, 0.15, 1.0, 0.05, 20, 0.3, 0.25, 0.1, 0))
                .hasMessageContaining("maxChain");
    }

    @Test
    void featurePerturbationsKeepEachFeatureInItsCalibrationRange() {
        InputSpace rows = InputSpace.of(new long[]{3}, -10, 10, new float[]{0, 5, -1}, new float[]{1, 6, 1});
        Mutators m = new Mutators(rows, MutationLimits.DEFAULTS, List.of());
        double[] x = {0.5, 5.5, 0};
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            x = m.apply(x, List.of(m.draw(r)));
            assertThat(x[0]).isBetween(0.0, 1.0);
            assertThat(x[1]).isBetween(5.0, 6.0);
            assertThat(x[2]).isBetween(-1.0, 1.0);
        }
        assertThatThrownBy(() -> new Mutators(rows, MutationLimits.DEFAULTS, List.of("rotation"))).hasMessageContaining("does not apply to feature rows");
        assertThatThrownBy(() -> new Mutators(IMAGE, MutationLimits.DEFAULTS, List.of("warp"))).hasMessageContaining("unknown mutation 'warp'");
    }
}
