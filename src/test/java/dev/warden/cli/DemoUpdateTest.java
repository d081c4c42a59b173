package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code warden demo} ends with a short update stage: the default's fashion-cnn (the noise-trained file) to
 * fashion-cnn-v2, offline to promoted; the offline figures are on the bundled 2,000 test images.
 */
class DemoUpdateTest {
    @Test
    void demoEndsWithTheBundledUpdate() {
        DemoCommandTest.Demo demo = DemoCommandTest.demo("demo", "--attack-samples", "0");
        assertThat(demo.run().exit()).as(demo.run().err()).isZero();
        assertThat(demo.stdout()).contains("update: fashion-cnn -> models/fashion-cnn-v2.onnx", "offline: accuracy 0.9025 -> 0.9140",
                "noise robustness: labels kept under Square's first query 0.911 -> 0.468 (reported, not gated: update.maxNoiseRobustnessDrop is not set)",
                "negative flip rate 0.0260", "shadow: ", "canary: 50% of accounts", "promoted: every request is now answered by version 2",
                "maxNegativeFlipRate: negative_flip_rate 0.0260 <= 0.0400");
        // The shadow stage mirrored the customer's traffic, so the shadow gate read a figure.
        assertThat(demo.stdout()).doesNotContain("shadow: 0 queries copied").doesNotContain("not measured yet")
                .containsPattern("maxRejectRateChange: shadow reject_rate_change -?\\d")
                .containsPattern("shadowMinRequests: shadow requests ran \\d+\\.\\d+ >= 50");
    }
}
