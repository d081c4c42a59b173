package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.assess.attack.Norm;
import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A lockout that degrades answers (label only, then nothing) must read to an attack as refusals, not crash it. */
class DegradedAnswersTest {
    private final Sample sample = LinearModel.samples(1, 3).get(0);

    /** Answers with the label only from the {@code after}-th request on. */
    private static final class DegradingTarget extends OneAccountTarget {
        private final int after;
        private int requests;

        DegradingTarget(int after) {
            this.after = after;
        }

        @Override
        public Answer query(int account, List<double[]> images) {
            Answer a = inner.query(account, images);
            return ++requests > after ? Answer.answered(a.labels(), null) : a;
        }
    }

    @Test
    void aLabelOnlyAnswerToAScoreQueryIsARefusal() {
        DegradingTarget target = new DegradingTarget(1);
        QuerySession s = new QuerySession(target, sample.image(), sample.label(), Norm.L2, 100, new Budget(100, null),
                Adversary.of(1, false), false, new FakeTicker(), new SplittableRandom(1));
        assertThat(s.probabilities(List.of(sample.image()))[0]).isNotNull();
        assertThat(s.probabilities(List.of(sample.image()))[0]).as("scores withheld").isNull();
        assertThat(s.adversarial(List.of(sample.image()))).containsExactly(false);
        assertThat(s.result(0, "finished").queriesToDetection()).isEqualTo(2);
    }

    @Test
    void aResponseRevealingNothingDecodesAsARefusal() {
        Answer a = Predictions.decode(List.of(), "logits", null, 10, 1);
        assertThat(a.answered()).isFalse();
        assertThat(a.reason()).isEqualTo(Predictions.WITHHELD);
        Answer labelOnly = Predictions.decode(List.of(Tensor.numeric("class", dev.warden.tensor.DataType.INT64, new long[]{1, 1}, new double[]{3})),
                "logits", null, 10, 1);
        assertThat(labelOnly.labels()).containsExactly(3);
        assertThat(labelOnly.probabilities()).isNull();
    }
}
