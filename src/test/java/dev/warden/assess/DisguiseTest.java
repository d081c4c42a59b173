package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.assess.attack.Norm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The disguising adversary sends every query with fresh noise, inside the L-inf ball of its attack. */
class DisguiseTest {
    private final Sample sample = LinearModel.samples(1, 3).get(0);

    private static final class RecordingTarget extends OneAccountTarget {
        final List<double[]> sent = new ArrayList<>();

        @Override
        public Answer query(int account, List<double[]> images) {
            sent.addAll(images);
            return inner.query(account, images);
        }
    }

    @Test
    void everyQueryCarriesFreshNoiseWithinTheBall() {
        RecordingTarget target = new RecordingTarget();
        double eps = 0.1;
        QuerySession s = new QuerySession(target, sample.image(), sample.label(), Norm.LINF, eps, new Budget(100, null),
                Adversary.of(1, false).withDisguise(0.05), false, new FakeTicker(), new SplittableRandom(1));
        double[] intended = sample.image().clone();
        for (int i = 0; i < intended.length; i++) intended[i] = Math.min(1, intended[i] + eps);
        s.probabilities(List.of(intended, intended));
        double[] first = target.sent.get(0), second = target.sent.get(1);
        assertThat(first).isNotEqualTo(intended).isNotEqualTo(second);
        double[] x0 = sample.image();
        for (int i = 0; i < first.length; i++) {
            assertThat(Math.abs(first[i] - intended[i])).isLessThanOrEqualTo(0.05 + 1e-12);
            assertThat(Math.abs(first[i] - x0[i])).isLessThanOrEqualTo(eps + 1e-12);
        }
    }

    @Test
    void theNoiseIsBounded() {
        assertThatThrownBy(() -> Adversary.of(1, true).withDisguise(0.6)).hasMessageContaining("disguise");
        assertThat(Adversary.of(2, true).withDisguise(0.03).describe()).contains("disguised with noise of +-0.03");
    }
}
