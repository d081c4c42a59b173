package dev.warden.defense;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.data.synth.OodSets;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real queries through the real CNN guarded by policies/default.yaml and its committed calibration. */
class DefaultPolicyGuardTest extends DefaultPolicyFixture {
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));
    static final Account USER = new Account("user", "label", false);

    Decision send(double[] image, String stream, Long frame) {
        return send(USER, image, stream, frame);
    }

    @Test
    void testImagesAreAnsweredAndOutOfDistributionInputsRejected() {
        int answered = 0;
        for (int i = 0; i < 200; i++) if (send(TEST.image(i), null, null).answered()) answered++;
        assertThat(answered).isGreaterThanOrEqualTo(196);
        for (String set : List.of("uniform", "saturated", "blank", "inverted")) {
            Decision d = send(OodSets.generate(set, 1, 1, TEST).get(0), null, null);
            assertThat(d.action()).as(set).isEqualTo(Action.REJECT);
            assertThat(d.reason()).as(set).isEqualTo("out_of_distribution");
            assertThat(d.message()).as(set).contains("out of distribution");
        }
    }
}
