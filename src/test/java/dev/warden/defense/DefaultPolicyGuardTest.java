package dev.warden.defense;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.bench.PolicyBench;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.data.synth.OodSets;
import dev.warden.data.synth.VideoStreams;
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
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real queries through the real CNN guarded by policies/default.yaml and its committed calibration. */
class DefaultPolicyGuardTest {
    static PolicyBench bench;
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));
    static final Account USER = new Account("user", "label", false);

    @BeforeAll
    static void open() {
        bench = new PolicyBench(Path.of("policies/default.yaml"), null, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
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

    @Test
    void aSteadyStreamPassesAndAFlickeringOneIsFlagged() {
        List<double[]> steady = VideoStreams.benign(TEST.image(0), 24, new SplittableRandom(1));
        for (int t = 0; t < steady.size(); t++) {
            Decision d = send(steady.get(t), "cam-1", (long) t);
            assertThat(d.signals()).noneMatch(s -> s.defense().equals("temporal"));
        }
        Decision last = null;
        for (int t = 0; t < 24; t++) last = send(TEST.image(t % 2 == 0 ? 0 : 1), "cam-2", (long) t);
        assertThat(last.action()).isEqualTo(Action.FLAG);
        assertThat(last.reason()).isEqualTo("temporal_inconsistency");
        assertThat(last.message()).startsWith("stream cam-2: ");
    }

    @Test
    void streamsOfOneAccountDoNotTouchAnothers() {
        Account other = new Account("other", "label", false);
        for (int t = 0; t < 24; t++) {
            Tensor img = Tensor.fp32("input", new long[]{1, 1, 28, 28}, TEST.image(t % 2 == 0 ? 0 : 1));
            bench.guard().handle(new Query(null, "fashion-cnn", other, Map.of("input", img), Instant.EPOCH, "shared", (long) t, List.of()));
        }
        Decision d = send(TEST.image(0), "shared", 100L);
        assertThat(d.signals()).noneMatch(s -> s.defense().equals("temporal"));
    }
}
