package dev.warden.defense;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.bench.PolicyBench;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.data.synth.OodSets;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import dev.warden.guard.Query;
import dev.warden.tensor.Tensor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real queries through the real CNN guarded by policies/default.yaml and its committed calibration. */
class DefaultPolicyGuardTest {
    static PolicyBench bench;
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));
    static final Account USER = new Account("user", "label", false);

    // A fresh deployment per test: the default policy's query detector and lockout keep state across queries.
    @BeforeEach
    void open() {
        bench = new PolicyBench(Path.of("policies/default.yaml"), null, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        bench.close();
    }

    static Decision send(double[] image, String stream, Long frame) {
        Tensor t = Tensor.fp32("input", new long[]{1, 1, 28, 28}, image);
        return bench.guard().handle(new Query(null, "fashion-cnn", USER, Map.of("input", t), Instant.EPOCH, stream, frame, List.of())).decision();
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
