package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.runtime.Accounts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus scrapes /metrics with the admin key and finds request latency histograms and decision counters. */
class MetricsEndToEndTest {
    static final String ADMIN = "metrics-admin-key";
    @TempDir
    Path dir;

    @Test
    void metricsNeedTheAdminKeyAndHoldLatencyHistogramsPerModelAndOutcome() throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.cnnPolicy("""
                admin: {keySha256: ["%s"]}
                anonymous: {allowed: true, tier: label}
                defenses:
                  - {type: validate}
                """.formatted(Accounts.sha256(ADMIN))), null)) {
            assertThat(server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("m", TestServer.testImages().image(0)), null).statusCode()).isEqualTo(200);
            assertThat(server.post("/v2/models/no-such-model-" + "x".repeat(40) + "/infer", "{}", null).statusCode()).isEqualTo(404);
            assertThat(server.get("/metrics", null).statusCode()).isEqualTo(401);
            String scrape = server.get("/metrics", ADMIN).body();
            assertThat(scrape).contains("warden_request_duration_seconds_bucket{model=\"fashion-cnn\",outcome=\"allow\",version=\"default\"");
            assertThat(scrape).doesNotContain("no-such-model");
            assertThat(scrape).contains("warden_decisions_total");
            assertThat(scrape).as("the model's own latency, and each stage's").contains(
                    "warden_guard_stage_duration_seconds_count{hook=\"infer\",model=\"fashion-cnn\",stage=\"model\"} 1");
            assertThat(scrape).contains("warden_guard_stage_duration_seconds_bucket{hook=\"before\",model=\"fashion-cnn\",stage=\"validate\",le=\"1.0E-5\"}");
        }
    }
}
