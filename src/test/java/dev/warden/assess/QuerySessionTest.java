package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.assess.attack.Norm;
import dev.warden.assess.attack.OracleExhausted;
import dev.warden.guard.Reveal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuerySessionTest {
    private final Sample sample = LinearModel.samples(1, 3).get(0);

    private QuerySession session(Target target, long budget, Adversary adversary, FakeTicker ticker) {
        return new QuerySession(target, sample.image(), sample.label(), Norm.L2, 100, new Budget(budget, null), adversary,
                false, ticker, new SplittableRandom(1));
    }

    private static List<double[]> images(int n, double value) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] img = new double[LinearModel.PIXELS];
            java.util.Arrays.fill(img, value + i * 1e-4);
            out.add(img);
        }
        return out;
    }

    @Test
    void aBatchCountsOneQueryPerImageAndIsCutAtTheTargetsLimit() {
        ScriptedTarget target = new ScriptedTarget(1, Long.MAX_VALUE, 0, Reveal.SCORES, 4);
        QuerySession s = session(target, 100, Adversary.of(1, false), new FakeTicker());
        s.probabilities(images(10, 0.5));
        assertThat(target.log).extracting(e -> e[1]).containsExactly(4, 4, 2);
        assertThat(s.result(0, "finished").queriesTotal()).isEqualTo(10).isEqualTo(target.totalImages());
    }

    @Test
    void theBudgetIsNeverExceeded() {
        ScriptedTarget target = new ScriptedTarget(1, Long.MAX_VALUE, 0, Reveal.SCORES, 64);
        QuerySession s = session(target, 25, Adversary.of(1, false), new FakeTicker());
        s.adversarial(images(20, 0.5));
        assertThatThrownBy(() -> s.adversarial(images(20, 0.4))).isInstanceOf(OracleExhausted.class)
                .extracting(e -> ((OracleExhausted) e).why()).isEqualTo(OracleExhausted.Why.BUDGET);
        assertThat(target.totalImages()).isEqualTo(25);
        assertThat(s.result(0, "budget").queriesTotal()).isEqualTo(25);
    }

    @Test
    void aRejectionIsCountedAndAnsweredAsNotAdversarial() {
        ScriptedTarget target = new ScriptedTarget(1, Long.MAX_VALUE, 1, Reveal.SCORES, 64);
        QuerySession s = session(target, 100, Adversary.of(1, false), new FakeTicker());
        s.probabilities(images(3, 0.5));
        assertThat(s.adversarial(images(2, 0.2))).hasSize(2);
        double[][] refusedThenAnswered = s.probabilities(images(1, 0.3));
        assertThat(refusedThenAnswered[0]).isNotNull();
        SampleResult r = s.result(0, "finished");
        assertThat(r.rejections()).isEqualTo(1);
        assertThat(r.queriesToDetection()).isEqualTo(3);
        assertThat(r.queriesTotal()).isEqualTo(6);
    }

    @Test
    void theAdaptiveAdversaryRetriesARejectedQueryTransformed() {
        ScriptedTarget target = new ScriptedTarget(1, Long.MAX_VALUE, 2, Reveal.SCORES, 64);
        QuerySession s = session(target, 100, Adversary.of(1, true), new FakeTicker());
        double[][] p = s.probabilities(images(1, 0.5));
        assertThat(p[0]).isNotNull();
        assertThat(target.log).hasSize(3);
        SampleResult r = s.result(0, "finished");
        assertThat(r.rejections()).isEqualTo(2);
        assertThat(r.queriesTotal()).isEqualTo(3);
    }

    @Test
    void theAdaptiveAdversaryNeverRepeatsARecentQueryExactly() {
        ScriptedTarget target = new ScriptedTarget(1, Long.MAX_VALUE, 0, Reveal.SCORES, 64);
        QuerySession s = session(target, 100, Adversary.of(1, true), new FakeTicker());
        double[] same = images(1, 0.5).get(0);
        s.adversarial(List.of(same, same.clone(), same.clone()));
        assertThat(s.result(0, "finished").queriesTotal()).isEqualTo(3);
    }
}
