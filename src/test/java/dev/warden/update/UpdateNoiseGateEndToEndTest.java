package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code maxNoiseRobustnessDrop} set, an update from the noise-trained model to v2 cannot reach a canary. */
class UpdateNoiseGateEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void aCandidateThatGivesBackFirstQueryWinsIsHeldAtTheOfflineGate() throws Exception {
        String policy = UpdateServer.lightPolicy(dir, "update: {maxNoiseRobustnessDrop: 0.05, shadowMinRequests: 0}\n")
                .replace(UpdateServer.REPO.resolve("models/fashion-cnn.onnx").toString(), UpdateServer.REPO.resolve("models/fashion-cnn-robust.onnx").toString());
        assertThat(policy).contains("fashion-cnn-robust.onnx");
        try (UpdateServer s = UpdateServer.start(dir, policy)) {
            JsonNode started = s.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"version\": \"2\", \"shadow\": 0}");
            assertThat(started.get("stage").asText()).isEqualTo("shadow");
            var canary = s.post("/admin/update/canary", "{\"share\": 10}", UpdateServer.ADMIN);
            assertThat(canary.statusCode()).isEqualTo(409);
            assertThat(canary.body()).contains("maxNoiseRobustnessDrop: labels kept under noise, old - new");
            JsonNode report = s.admin("GET", "/admin/update/report", null);
            JsonNode noise = report.get("noise_robustness");
            assertThat(noise.get("kept_old").asDouble()).isGreaterThan(noise.get("kept_new").asDouble() + 0.05);
            assertThat(s.get("/admin/update/report.html", UpdateServer.ADMIN).body()).contains("Noise robustness", "kept_old", "maxNoiseRobustnessDrop");
        }
    }
}
