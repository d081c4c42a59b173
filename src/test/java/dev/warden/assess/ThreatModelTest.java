package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreatModelTest {
    @TempDir
    Path dir;

    private ThreatModel load(String yaml) throws Exception {
        Path f = dir.resolve("tm.yaml");
        Files.writeString(f, yaml);
        return ThreatModel.load(f);
    }

    @Test
    void labelAccessSelectsTheDecisionBasedAttacksAndKnowledgeAddsTheAdaptiveAdversary() throws Exception {
        ThreatModel tm = load("access: labels\naccounts: 3\nbudget: {queries: 5000, seconds: 60}\nknowsDefenses: true\n");
        assertThat(tm.selectedAttacks()).containsExactly("hsj", "boundary");
        assertThat(tm.adversaries()).containsExactly(Adversary.of(1, false), Adversary.of(3, false), Adversary.of(3, true));
        assertThat(tm.budgetOr(10_000).queries()).isEqualTo(5000);
        assertThat(tm.budgetOr(10_000).wall()).hasSeconds(60);
    }

    @Test
    void scoreAccessSelectsEveryAttackUnlessListed() throws Exception {
        assertThat(load("access: scores\n").selectedAttacks()).containsExactly("hsj", "boundary", "simba", "square", "nes");
        ThreatModel tm = load("access: scores\nattacks: [square]\neps: {linf: 0.1}\n");
        assertThat(tm.selectedAttacks()).containsExactly("square");
        assertThat(tm.epsFor("square")).isEqualTo(0.1);
        assertThat(tm.adversaries()).containsExactly(Adversary.of(1, false));
    }

    @Test
    void aDisguiseAddsTheAdaptiveAdversaryThatDisguisesEveryQuery() throws Exception {
        ThreatModel tm = load("access: scores\naccounts: 2\nknowsDefenses: true\ndisguise: 0.05\n");
        assertThat(tm.adversaries()).containsExactly(Adversary.of(1, false), Adversary.of(2, false), Adversary.of(2, true),
                Adversary.of(2, true).withDisguise(0.05));
        assertThatThrownBy(() -> load("access: scores\ndisguise: 0.9\n")).hasMessageContaining("disguise must be between 0 and 0.5");
    }

    @Test
    void oarsAddsTheAdversaryThatLearnsItsDisguiseFromRejections() throws Exception {
        ThreatModel tm = load("access: scores\naccounts: 10\noars: default\n");
        assertThat(tm.adversaries()).containsExactly(Adversary.of(1, false), Adversary.of(10, false), Adversary.of(10, true).withOars(Oars.DEFAULT));
        assertThat(load("access: scores\noars: \"grow=2,cap=0.05\"\n").adversaries())
                .contains(Adversary.of(1, true).withOars(Oars.parse("grow=2,cap=0.05")));
        assertThatThrownBy(() -> load("access: scores\noars: \"grow=0.5\"\n")).hasMessageContaining("oars: ").hasMessageContaining("grow");
    }

    @Test
    void badFilesNameTheField() {
        assertThatThrownBy(() -> load("access: pixels\n")).hasMessageContaining("access must be labels or scores");
        assertThatThrownBy(() -> load("access: labels\nattacks: [square]\n")).hasMessageContaining("square needs scores");
        assertThatThrownBy(() -> load("access: labels\nbogus: 1\n")).hasMessageContaining("bogus");
    }
}
