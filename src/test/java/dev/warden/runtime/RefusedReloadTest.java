package dev.warden.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.guard.Guard;
import dev.warden.policy.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "A refused reload kills the serving model": serving policies/default.yaml, the model path was
 * changed to fashion-cnn-v2 without recalibrating (whichever bundled fashion-cnn file the default serves); the reload was refused, and once the close delay passed
 * every inference failed with "Trying to score a closed OrtSession".
 */
class RefusedReloadTest {
    static final Duration GRACE = Duration.ofMillis(200);

    /** policies/default.yaml and its calibration, in {@code dir}, with the bundled models where it expects them. */
    static Path defaultPolicyIn(Path dir) throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        String yaml = Files.readString(ServiceFixture.REPO.resolve("policies/default.yaml"))
                .replace("../models/", ServiceFixture.REPO.resolve("models") + "/");
        Files.copy(ServiceFixture.REPO.resolve("policies/default.calibration.json"), policies.resolve("default.calibration.json"));
        Path file = policies.resolve("default.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static java.util.Map<String, dev.warden.tensor.Tensor> inputs(int image) {
        return java.util.Map.of("input", ServiceFixture.image(image).inputs().get(0));
    }

    @Test
    void refusedReloadKeepsTheServingModelOpen(@TempDir Path dir) throws Exception {
        Path policy = defaultPolicyIn(dir);
        try (ServiceFixture f = new ServiceFixture(policy, GRACE, (account, images, limit) -> 0)) {
            assertThat(f.infer("fashion-cnn", null, ServiceFixture.image(0)).outputs()).isNotEmpty();
            String served = Files.readString(policy);
            String v2 = served.replaceFirst("(?m)^(    path: \\S*/models/)fashion-cnn[-a-z]*\\.onnx", "$1fashion-cnn-v2.onnx");
            assertThat(v2).as("the default policy's model path is replaced by v2's").isNotEqualTo(served);
            Files.writeString(policy, v2);
            assertThatThrownBy(f.live::reload).isInstanceOf(PolicyException.class)
                    .satisfies(e -> assertThat(e.getMessage()).as("refused for the stale calibration or the knn threshold tuned on v1").containsAnyOf("stale", "threshold is not set"));
            Thread.sleep(GRACE.toMillis() * 3);
            for (int i = 1; i <= 3; i++) {
                assertThat(f.infer("fashion-cnn", null, ServiceFixture.image(i)).decision().answered()).isTrue();
            }
            assertThat(f.live.current().generation()).isEqualTo(1);
        }
    }

    @Test
    void aModelTheReloadDropsClosesOnlyAfterTheSwapAndTheGrace(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        String cnn = ServiceFixture.REPO.resolve("models/fashion-cnn.onnx").toString();
        Files.writeString(policy, "version: 1\nanonymous: {allowed: true, tier: label}\nmodels:\n  - {name: fashion-cnn, path: " + cnn
                + "}\ndefenses: [{type: validate}]\n");
        try (ServiceFixture f = new ServiceFixture(policy, GRACE, (account, images, limit) -> 0)) {
            Guard old = f.live.current().guard("fashion-cnn").orElseThrow();
            Files.writeString(policy, Files.readString(policy).replace("fashion-cnn.onnx", "fashion-cnn-v2.onnx"));
            f.live.reload();
            assertThat(f.infer("fashion-cnn", null, ServiceFixture.image(0)).version()).isEqualTo("2");
            // Requests that took the old snapshot before the swap may still finish on it, within the grace.
            assertThat(old.model().infer(inputs(0))).isNotEmpty();
            Thread.sleep(GRACE.toMillis() * 3);
            assertThatThrownBy(() -> old.model().infer(inputs(0))).hasMessageContaining("closed");
        }
    }
}
