package dev.warden.defense.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.bench.PolicyBench;
import dev.warden.defense.Calibrator;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.data.synth.VideoStreams;
import dev.warden.defense.DefenseRegistry;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import dev.warden.guard.Query;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.ModelPool;
import dev.warden.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams through a guard with temporal on (calibrated here on the bundled test images) and the real CNN. */
class TemporalGuardTest {
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));
    static final Account USER = new Account("user", "label", false);
    @TempDir
    static Path dir;
    static PolicyBench bench;

    @BeforeAll
    static void open() throws Exception {
        Path file = dir.resolve("streams.yaml");
        Files.writeString(file, """
                version: 1
                calibration: c.json
                models:
                  - name: fashion-cnn
                    backend: onnx
                    path: %s
                defenses:
                  - type: validate
                  - type: temporal
                    targetFpr: 0.005
                    streams: 400
                  - type: harden
                """.formatted(Path.of("models/fashion-cnn.onnx").toAbsolutePath()));
        Policy p = PolicyLoader.load(file);
        try (ModelPool pool = new ModelPool()) {
            new Calibrator(DefenseRegistry.standard(), m -> { })
                    .calibrate(p, pool.acquire(p), FashionMnist.bundledTrain(Path.of(".")), new Calibrator.DataSource("train", "x"), 1)
                    .write(dir.resolve("c.json"));
        }
        bench = new PolicyBench(file, null, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        bench.close();
    }

    static Decision send(Account account, double[] image, String stream, Long frame) {
        Tensor t = Tensor.fp32("input", new long[]{1, 1, 28, 28}, image);
        return bench.guard().handle(new Query(null, "fashion-cnn", account, Map.of("input", t), Instant.EPOCH, stream, frame, List.of())).decision();
    }

    @Test
    void aSteadyStreamPassesAndAFlickeringOneIsFlagged() {
        List<double[]> steady = VideoStreams.benign(TEST.image(0), 24, new SplittableRandom(1));
        for (int t = 0; t < steady.size(); t++) {
            Decision d = send(USER, steady.get(t), "cam-1", (long) t);
            assertThat(d.signals()).noneMatch(s -> s.defense().equals("temporal"));
        }
        Decision last = null;
        for (int t = 0; t < 24; t++) last = send(USER, TEST.image(t), "cam-2", (long) t);
        assertThat(last.action()).isEqualTo(Action.FLAG);
        assertThat(last.reason()).isEqualTo("temporal_inconsistency");
        assertThat(last.message()).startsWith("stream cam-2: ");
    }

    @Test
    void streamsOfOneAccountDoNotTouchAnothers() {
        Account other = new Account("other", "label", false);
        for (int t = 0; t < 24; t++) send(other, TEST.image(t % 2 == 0 ? 0 : 1), "shared", (long) t);
        Decision d = send(USER, TEST.image(0), "shared", 100L);
        assertThat(d.signals()).noneMatch(s -> s.defense().equals("temporal"));
    }
}
