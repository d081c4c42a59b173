package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.guard.Reveal;
import dev.warden.server.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How HTTP answers become answers: 200 answered, 400/403 rejected, 429 locked out with its Retry-After. */
class HttpTargetTest {
    @TempDir
    Path dir;

    private Path policy(int burst) throws Exception {
        Path file = dir.resolve("tight.yaml");
        Files.writeString(file, """
                version: 1
                server:
                  rateLimit: {requestsPerSecond: 0.2, burst: %d}
                anonymous: {allowed: true, tier: scores}
                models:
                  - {name: fashion-cnn, backend: onnx, path: %s}
                defenses:
                  - type: validate
                """.formatted(burst, Path.of("models/fashion-cnn.onnx").toAbsolutePath()));
        return file;
    }

    @Test
    void statusesMapToAnswersRejectionsAndLockouts() throws Exception {
        double[] image = FashionMnist.bundledTest(Path.of(".")).image(0);
        double[] invalid = image.clone();
        Arrays.fill(invalid, 2.0);
        try (RunningServer server = RunningServer.start(policy(3), "127.0.0.1", 0, null);
             HttpTarget target = HttpTarget.connect(server.url(), "fashion-cnn", List.of(), Duration.ofSeconds(30), 32)) {
            assertThat(target.reveals()).isEqualTo(Reveal.SCORES);
            assertThat(target.classes()).isEqualTo(10);
            assertThat(target.imageShape()).containsExactly(1, 28, 28);
            Answer ok = target.query(0, List.of(image));
            assertThat(ok.answered()).isTrue();
            assertThat(ok.probabilities()[0]).hasSize(10);
            Answer rejected = target.query(0, List.of(invalid));
            assertThat(rejected.status()).isEqualTo(Answer.Status.REJECTED);
            Answer locked = target.query(0, List.of(image));
            assertThat(locked.status()).isEqualTo(Answer.Status.LOCKED_OUT);
            assertThat(locked.reason()).isEqualTo("rate_limited");
            assertThat(locked.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void aPlainAdversaryStoppedByTheRateLimitIsCountedAsDetected() throws Exception {
        Sample sample = new Sample(0, FashionMnist.bundledTest(Path.of(".")).image(0), FashionMnist.bundledTest(Path.of(".")).label(0));
        try (RunningServer server = RunningServer.start(policy(3), "127.0.0.1", 0, null);
             HttpTarget target = HttpTarget.connect(server.url(), "fashion-cnn", List.of(), Duration.ofSeconds(30), 32)) {
            Campaign.Spec spec = new Campaign.Spec("square", 0.01, new Budget(100, null), Adversary.of(1, false), 1, false);
            SampleResult r = new Campaign(Ticker.SYSTEM).run(target, "target", spec, List.of(sample), null).perSample().get(0);
            assertThat(r.stoppedBy()).isEqualTo("locked_out");
            assertThat(r.queriesToDetection()).isEqualTo(3);
            assertThat(r.queriesTotal()).isEqualTo(3);
            assertThat(r.lockouts()).isEqualTo(1);
        }
    }
}
