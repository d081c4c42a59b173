package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.guard.Reveal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SybilTest {
    private static final List<Sample> ONE = LinearModel.samples(1, 11);

    private static SampleResult attack(ScriptedTarget target, Adversary adversary, FakeTicker ticker) {
        Campaign.Spec spec = new Campaign.Spec("square", 0.0005, new Budget(2000, null), adversary, 1, true);
        return new Campaign(ticker).run(target, "target", spec, ONE, null).perSample().get(0);
    }

    @Test
    void oneAccountStopsAtTheFirstLockout() {
        ScriptedTarget target = new ScriptedTarget(3, 50, 0, Reveal.SCORES, 64);
        SampleResult r = attack(target, Adversary.of(1, false), new FakeTicker());
        assertThat(r.stoppedBy()).isEqualTo("locked_out");
        assertThat(r.accountsUsed()).isEqualTo(1);
        assertThat(r.lockouts()).isEqualTo(1);
        assertThat(r.queriesToDetection()).isEqualTo(51);
        assertThat(target.log).allMatch(e -> e[0] == 0);
    }

    @Test
    void aSybilAdversarySwitchesToTheNextAccountWhenOneIsLockedOut() {
        ScriptedTarget target = new ScriptedTarget(3, 50, 0, Reveal.SCORES, 64);
        SampleResult r = attack(target, Adversary.of(3, false), new FakeTicker());
        assertThat(r.accountsUsed()).isEqualTo(3);
        assertThat(r.lockouts()).isEqualTo(3);
        assertThat(r.stoppedBy()).isEqualTo("locked_out");
        assertThat(r.queriesTotal()).isEqualTo(153);
        assertThat(target.log.stream().map(e -> e[0]).distinct().toList()).containsExactly(0, 1, 2);
        assertThat(r.queriesToDetection()).isEqualTo(51);
    }

    @Test
    void theAdaptiveAdversaryWaitsForALockoutToEndInsteadOfGivingUp() {
        FakeTicker ticker = new FakeTicker();
        ScriptedTarget target = new ScriptedTarget(2, 50, 0, Reveal.SCORES, 64, ticker);
        SampleResult r = attack(target, Adversary.of(2, true), ticker);
        assertThat(r.accountsUsed()).isEqualTo(2);
        assertThat(ticker.slept).isGreaterThanOrEqualTo(ScriptedTarget.LOCKOUT.toNanos())
                .isLessThanOrEqualTo(Adversary.MAX_WAIT.toNanos());
        assertThat(r.queriesTotal()).isGreaterThan(150);
        assertThat(r.stoppedBy()).isIn("locked_out", "budget");
    }

    @Test
    void aRotatingSybilSendsEachRequestFromTheNextAccountUntilAllAreLockedOut() {
        ScriptedTarget target = new ScriptedTarget(3, 50, 0, Reveal.SCORES, 64);
        SampleResult r = attack(target, Adversary.of(3, false).rotating(), new FakeTicker());
        assertThat(target.log.subList(0, 6).stream().map(e -> e[0]).toList()).containsExactly(1, 2, 0, 1, 2, 0);
        assertThat(r.accountsUsed()).isEqualTo(3);
        assertThat(r.lockouts()).isEqualTo(3);
        assertThat(r.queriesTotal()).as("each account's 50 answered plus the three refused").isEqualTo(153);
        assertThat(Adversary.of(3, false).rotating().describe()).contains("a new account for each request");
    }
}
