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

    /**
     * The default policy with temporal on and without the query detector and lockout, which refuse a camera's
     * near-identical frames (the known conflict the default policy's comment describes).
     */
    static PolicyBench streamBench(Path dir) throws java.io.IOException {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) dev.warden.policy.PolicyLoader.YAML.readTree(Path.of("policies/default.yaml").toFile());
        var defenses = tree.putArray("defenses");
        defenses.addObject().put("type", "validate");
        defenses.addObject().put("type", "temporal").put("targetFpr", 0.005).put("action", "flag");
        defenses.addObject().put("type", "harden");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("models").get(0)).put("path", Path.of("models/fashion-cnn.onnx").toAbsolutePath().toString());
        tree.put("calibration", Path.of("policies/default.calibration.json").toAbsolutePath().toString());
        Path file = dir.resolve("streams.yaml");
        dev.warden.policy.PolicyLoader.YAML.writeValue(file.toFile(), tree);
        return new PolicyBench(file, null, Clock.systemUTC());
    }

    @Test
    void aSteadyStreamPassesAndAFlickeringOneIsFlagged(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        bench.close();
        bench = streamBench(dir);
        List<double[]> steady = VideoStreams.benign(TEST.image(0), 24, new SplittableRandom(1));
        for (int t = 0; t < steady.size(); t++) {
            Decision d = send(steady.get(t), "cam-1", (long) t);
            assertThat(d.signals()).noneMatch(s -> s.defense().equals("temporal"));
        }
        Decision last = null;
        // Distinct frames whose labels flip (exact repeats would be refused first by the query detector).
        for (int t = 0; t < 24; t++) last = send(TEST.image(t), "cam-2", (long) t);
        assertThat(last.action()).isEqualTo(Action.FLAG);
        assertThat(last.reason()).isEqualTo("temporal_inconsistency");
        assertThat(last.message()).startsWith("stream cam-2: ");
    }

    @Test
    void streamsOfOneAccountDoNotTouchAnothers(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        bench.close();
        bench = streamBench(dir);
        Account other = new Account("other", "label", false);
        for (int t = 0; t < 24; t++) {
            Tensor img = Tensor.fp32("input", new long[]{1, 1, 28, 28}, TEST.image(t % 2 == 0 ? 0 : 1));
            bench.guard().handle(new Query(null, "fashion-cnn", other, Map.of("input", img), Instant.EPOCH, "shared", (long) t, List.of()));
        }
        Decision d = send(TEST.image(0), "shared", 100L);
        assertThat(d.signals()).noneMatch(s -> s.defense().equals("temporal"));
    }
}
