package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.assess.attack.Attacks;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttackOnTinyModelTest {
    private static final List<Sample> SAMPLES = LinearModel.samples(4, 7);

    private static RunResult run(String attack, long seed) {
        try (ModelTarget target = new ModelTarget(new LinearModel(), "linear", true)) {
            double eps = attack.equals("hsj") || attack.equals("boundary") ? 2.0 : 0.2;
            Campaign.Spec spec = new Campaign.Spec(attack, eps, new Budget(3000, null), Adversary.of(1, false), seed, false);
            return new Campaign(Ticker.SYSTEM).run(target, "target", spec, SAMPLES, null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsj", "boundary", "simba", "square", "nes"})
    void eachAttackBeatsTheTinyModelWithinItsRadius(String attack) {
        RunResult r = run(attack, 1);
        assertThat(r.successRate()).as(attack + " success rate").isGreaterThanOrEqualTo(0.75);
        for (SampleResult s : r.perSample()) {
            assertThat(s.queriesTotal()).isLessThanOrEqualTo(3000);
            if (s.success()) {
                double distance = Attacks.norm(attack) == dev.warden.assess.attack.Norm.L2 ? s.l2() : s.linf();
                assertThat(distance).isLessThanOrEqualTo(r.eps() + 1e-9);
                assertThat(s.queries()).isLessThanOrEqualTo(s.queriesTotal());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hsj", "boundary", "simba", "square", "nes"})
    void theSameSeedSendsTheSameQueries(String attack) {
        RunResult a = run(attack, 5);
        RunResult b = run(attack, 5);
        assertThat(a.perSample()).extracting(SampleResult::queriesTotal).isEqualTo(b.perSample().stream().map(SampleResult::queriesTotal).toList());
        assertThat(a.perSample()).extracting(SampleResult::l2).isEqualTo(b.perSample().stream().map(SampleResult::l2).toList());
    }
}
