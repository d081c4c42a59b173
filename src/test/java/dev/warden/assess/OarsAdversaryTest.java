package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.assess.attack.Norm;
import dev.warden.assess.attack.OracleExhausted;
import dev.warden.guard.Reveal;
import dev.warden.model.OnnxModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OARS adversary on the bundled CNN: it disguises every query with noise whose scale it learns from rejections,
 * resamples a rejected query within its retry budget, and keeps attacking through rejections.
 */
class OarsAdversaryTest {
    static final double[] IMAGE = WarmupAdversaryTest.TEST.image(0);
    static final int LABEL = WarmupAdversaryTest.TEST.label(0);

    /** The bundled CNN behind a gate that rejects the first {@code rejectFirst} requests; it keeps what was sent. */
    private static final class GatedCnn extends OneAccountTarget {
        final List<List<double[]>> sent = new ArrayList<>();
        final String reason;
        int rejectLeft;

        GatedCnn(int rejectFirst) {
            this(rejectFirst, Oars.ATTACK_REASON);
        }

        GatedCnn(int rejectFirst, String reason) {
            super(new ModelTarget(OnnxModel.load(Path.of("models/fashion-cnn.onnx")), "model", true));
            this.rejectLeft = rejectFirst;
            this.reason = reason;
        }

        @Override
        public String describe() {
            return "gated cnn";
        }

        @Override
        public Answer query(int account, List<double[]> images) {
            sent.add(images);
            if (rejectLeft > 0) {
                rejectLeft--;
                return Answer.rejected(reason);
            }
            return inner.query(account, images);
        }

        public void close() {
            inner.close();
        }
    }

    private static QuerySession session(Target target, Adversary adversary, long budget) {
        return new QuerySession(target, IMAGE, LABEL, Norm.LINF, 0.2, new Budget(budget, null), adversary, false,
                new FakeTicker(), new SplittableRandom(7));
    }

    @Test
    void eachRejectionGrowsTheNoiseAndTheSameProposalIsResampled() {
        try (GatedCnn target = new GatedCnn(3)) {
            QuerySession s = session(target, Adversary.of(1, false).withOars(Oars.DEFAULT), 100);
            double[] proposal = IMAGE.clone();
            double[][] answers = s.probabilities(List.of(proposal));
            assertThat(answers[0]).as("answered on the fourth try").isNotNull().hasSize(10);
            assertThat(target.sent).hasSize(4);
            for (int attempt = 0; attempt < 4; attempt++) {
                double scale = 0.01 * Math.pow(1.5, attempt);
                double[] x = target.sent.get(attempt).get(0);
                double largest = 0;
                for (int i = 0; i < x.length; i++) {
                    double d = Math.abs(x[i] - proposal[i]);
                    assertThat(d).isLessThanOrEqualTo(scale + 1e-12);
                    largest = Math.max(largest, d);
                }
                assertThat(largest).as("try %d drew noise near its scale %s", attempt, scale).isGreaterThan(scale * 0.9);
            }
            SampleResult r = s.result(0, "finished");
            assertThat(r.rejections()).isEqualTo(3);
            assertThat(r.queriesTotal()).isEqualTo(4);
            assertThat(r.oarsNoiseMax()).isCloseTo(0.01 * 1.5 * 1.5 * 1.5, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(r.oarsNoise()).as("shrunk once by the answer").isCloseTo(0.03375 * 0.9, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void pastItsRetryBudgetAProposalCountsAsRefusedAndTheAttackGoesOn() {
        try (GatedCnn target = new GatedCnn(5)) {
            Oars twoRetries = Oars.parse("retries=2,cap=0.02");
            QuerySession s = session(target, Adversary.of(1, false).withOars(twoRetries), 100);
            assertThat(s.probabilities(List.of(IMAGE))[0]).as("three tries, all rejected").isNull();
            assertThat(target.sent).hasSize(3);
            assertThat(s.probabilities(List.of(IMAGE))[0]).as("the next proposal: two more rejections, then answered").isNotNull();
            SampleResult r = s.result(0, "finished");
            assertThat(r.rejections()).isEqualTo(5);
            assertThat(r.queriesTotal()).isEqualTo(6);
            assertThat(r.oarsNoiseMax()).as("grown up to the cap, not past it").isEqualTo(0.02);
        }
    }

    @Test
    void aRefusalForAnotherReasonTeachesNothingAndIsNotResampled() {
        try (GatedCnn target = new GatedCnn(1, "out_of_distribution")) {
            QuerySession s = session(target, Adversary.of(1, false).withOars(Oars.DEFAULT), 100);
            assertThat(s.probabilities(List.of(IMAGE))[0]).isNull();
            assertThat(target.sent).hasSize(1);
            SampleResult r = s.result(0, "finished");
            assertThat(r.rejections()).isEqualTo(1);
            assertThat(r.oarsNoiseMax()).isEqualTo(Oars.DEFAULT.start());
        }
    }

    @Test
    void againstTheDefaultPolicyItLearnsANoiseAndAttacksThroughRefusals(@TempDir Path dir) throws Exception {
        Path file = WarmupAdversaryTest.policy(dir);
        // Three anonymous label-tier accounts; the same image over and over is what near-duplicate detectors refuse.
        try (GuardTarget target = GuardTarget.open(file, null, List.of(), 3)) {
            QuerySession s = session(target, Adversary.of(3, false).withOars(Oars.DEFAULT), 400);
            try {
                for (int i = 0; i < 400; i++) s.adversarial(List.of(IMAGE));
            } catch (OracleExhausted stopped) {
                // locked out on every account, or the budget spent
            }
            SampleResult r = s.result(0, "finished");
            assertThat(r.rejections()).as("the defenses refused some queries").isPositive();
            assertThat(r.oarsNoiseMax()).as("and the noise grew").isGreaterThan(Oars.DEFAULT.start());
            assertThat(r.queriesTotal()).as("the attack went on past its first refusal").isGreaterThan(r.queriesToDetection() + 1);
        }
    }

    @Test
    void badSettingsAreRefusedNamingWhatAndWhy() {
        assertThatThrownBy(() -> Oars.parse("grow=0.9")).hasMessage("OARS grow=0.9 must be in (1, 10] (the noise grows after a rejection)");
        assertThatThrownBy(() -> Oars.parse("shrink=1")).hasMessageContaining("OARS shrink=1 must be in (0, 1)");
        assertThatThrownBy(() -> Oars.parse("floor=0.5")).hasMessageContaining("OARS floor=0.5 must be in (0, start=0.01]");
        assertThatThrownBy(() -> Oars.parse("cap=0.001")).hasMessageContaining("OARS cap=0.001 must be in [start=0.01, 0.5]");
        assertThatThrownBy(() -> Oars.parse("retries=-1")).hasMessageContaining("OARS retries=-1");
        assertThatThrownBy(() -> Oars.parse("start=abc")).hasMessage("OARS start='abc' is not a number");
        assertThatThrownBy(() -> Oars.parse("speed=2")).hasMessage("unknown OARS setting 'speed' (known: start, grow, shrink, floor, cap, retries)");
        assertThatThrownBy(() -> Oars.parse("grow")).hasMessageContaining("is not key=value");
        assertThatThrownBy(() -> Adversary.of(1, false).withDisguise(0.05).withOars(Oars.DEFAULT))
                .hasMessageContaining("give OARS or a fixed disguise, not both");
        assertThat(Oars.parse("")).isEqualTo(Oars.DEFAULT);
        assertThat(Oars.parse("start=0.02, retries=3")).isEqualTo(new Oars(0.02, 1.5, 0.9, 0.002, 0.1, 3));
        assertThat(Adversary.of(10, false).withOars(Oars.DEFAULT).describe()).contains("OARS: noise from +-0.01");
    }
}
