package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.assess.attack.Attacks;
import dev.warden.assess.attack.UnsupportedTargetException;
import dev.warden.guard.Reveal;
import org.junit.jupiter.api.Test;

class RefusalTest {
    @Test
    void aScoreBasedAttackIsRefusedByALabelOnlyTarget() {
        for (String attack : new String[]{"square", "nes", "simba"}) {
            assertThatThrownBy(() -> Attacks.create(attack, 0.2, 1000, Reveal.LABEL))
                    .isInstanceOf(UnsupportedTargetException.class)
                    .hasMessage(attack + " needs class scores but the target reveals the top label only");
        }
    }

    @Test
    void labelOnlyAttacksRunAgainstALabelOnlyTargetButNotAgainstOneThatRevealsNothing() {
        assertThat(Attacks.create("hsj", 3, 1000, Reveal.LABEL).name()).isEqualTo("hsj");
        assertThat(Attacks.create("square", 0.2, 1000, Reveal.TOPK).name()).isEqualTo("square");
        assertThatThrownBy(() -> Attacks.create("boundary", 3, 1000, Reveal.NONE))
                .hasMessage("boundary needs the predicted label but the target reveals nothing");
    }

    @Test
    void aRefusedAttackSendsNoQueryAndIsReported() {
        ScriptedTarget target = new ScriptedTarget(1, Long.MAX_VALUE, 0, Reveal.LABEL, 64);
        Campaign.Spec spec = new Campaign.Spec("square", 0.2, new Budget(100, null), Adversary.of(1, false), 1, false);
        assertThatThrownBy(() -> new Campaign(Ticker.SYSTEM).run(target, "target", spec, LinearModel.samples(1, 1), null))
                .isInstanceOf(UnsupportedTargetException.class);
        assertThat(target.log).isEmpty();
    }
}
