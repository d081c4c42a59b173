package dev.warden.defense;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.data.synth.VideoStreams;
import dev.warden.guard.Account;
import dev.warden.guard.Action;
import dev.warden.guard.Decision;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The default policy (query detector, lockout and temporal all on) with camera streams and the real CNN: a
 * granted camera's steady stream is answered, and the grant opens nothing beyond its own stream's frames.
 */
class StreamsAndQueryDetectorTest extends DefaultPolicyFixture {
    static final LabeledImages TEST = FashionMnist.bundledTest(Path.of("."));
    static final Account CAMERA = new Account("lobby-camera", "label", false, true);

    /** A near-copy: one pixel moved by 1/255 (bit-identical repeats are retries, not matches). */
    static double[] nudged(double[] frame, int pixel) {
        double[] copy = frame.clone();
        copy[pixel] = copy[pixel] > 0.5 ? copy[pixel] - 1 / 255.0 : copy[pixel] + 1 / 255.0;
        return copy;
    }

    static List<double[]> scene(int image, long seed) {
        return VideoStreams.benign(TEST.image(image), 32, new SplittableRandom(seed));
    }

    @Test
    void aGrantedCamerasSteadyStreamIsAnswered() {
        List<double[]> frames = scene(0, 1);
        for (int t = 0; t < frames.size(); t++) {
            Decision d = send(CAMERA, frames.get(t), "front-door", (long) t);
            assertThat(d.answered()).as("frame %d: %s", t, d.reason()).isTrue();
            assertThat(d.signals()).noneMatch(s -> s.defense().equals("query") && s.verdict() != dev.warden.guard.Verdict.PASS);
        }
    }

    @Test
    void withoutTheGrantTheSameStreamIsRefusedAndBanned() {
        Account plain = new Account("plain", "label", false);
        List<double[]> frames = scene(0, 1);
        Decision last = null;
        for (int t = 0; t < frames.size(); t++) last = send(plain, frames.get(t), "front-door", (long) t);
        assertThat(last.action()).isEqualTo(Action.LOCKOUT);
    }

    @Test
    void theGrantDoesNotCoverAnotherStreamOrPlainQueriesOfTheSameScene() {
        List<double[]> frames = scene(0, 1);
        for (int t = 0; t < 8; t++) send(CAMERA, frames.get(t), "front-door", (long) t);
        Decision otherStream = send(CAMERA, nudged(frames.get(2), 400), "attack-1", 0L);
        assertThat(otherStream.action()).as("a second stream of the same scene").isEqualTo(Action.REJECT);
        assertThat(otherStream.reason()).isEqualTo("query_attack");
        Decision plainQuery = send(CAMERA, nudged(frames.get(3), 300), null, null);
        assertThat(plainQuery.reason()).as("a query without a stream id").isIn("query_attack", "locked_out");
        assertThat(plainQuery.answered()).isFalse();
    }
}
