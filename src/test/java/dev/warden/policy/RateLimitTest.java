package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    static RateLimit parse(String rateLimit) {
        return PolicyLoader.parse("models: [{name: m, path: m.onnx}]\nserver: {rateLimit: " + rateLimit + "}\n", "p.yaml", Path.of("."))
                .server().rateLimit();
    }

    @Test
    void countsImagesAndStillReadsTheFormerName() {
        assertThat(parse("{imagesPerSecond: 50, burst: 128}")).isEqualTo(new RateLimit(true, 50.0, 128));
        assertThat(parse("{requestsPerSecond: 50, burst: 128}")).as("former name, now per image").isEqualTo(new RateLimit(true, 50.0, 128));
        assertThat(RateLimit.defaults().imagesPerSecond()).isEqualTo(RateLimit.DEFAULT_IMAGES_PER_SECOND);
        assertThat(RateLimit.defaults().burst()).as("three batches of 64").isEqualTo(RateLimit.DEFAULT_BURST);
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> parse("{imagesPerSecond: 0}")).hasMessage("p.yaml: server.rateLimit: imagesPerSecond must be > 0");
        assertThatThrownBy(() -> parse("{imagesPerSecnd: 5}")).hasMessageStartingWith("p.yaml: server.rateLimit.imagesPerSecnd: unknown field");
    }
}
