package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.runtime.Accounts;
import dev.warden.runtime.Rollout;
import dev.warden.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary whose version suddenly refuses far more than the serving one is rolled back by itself, saying why in
 * the status and the report; promotion is then refused. With mapScores on, the candidate's top-k probabilities
 * are put on the serving version's scale while the canary runs.
 */
class UpdateCanaryRollbackTest {
    @TempDir
    Path dir;

    @Test
    void aRejectRateSpikeRollsTheCanaryBack() throws Exception {
        String candidateKey = null, servingKey = null;
        StringBuilder accounts = new StringBuilder("accounts:\n");
        for (int a = 0; a < 40 && (candidateKey == null || servingKey == null); a++) {
            accounts.append("  - {id: c").append(a).append(", keySha256: ").append(Accounts.sha256("k" + a)).append(", tier: topk}\n");
            if (Rollout.bucket("fashion-cnn", "c" + a) < 50) candidateKey = candidateKey == null ? "k" + a : candidateKey;
            else servingKey = servingKey == null ? "k" + a : servingKey;
        }
        String policy = """
                version: 1
                server: {rateLimit: {requestsPerSecond: 100000, burst: 100000}}
                anonymous: {allowed: true, tier: label}
                admin: {keySha256: [%s]}
                state: {dataDir: "%s"}
                failures: {url: "jdbc:sqlite:%s"}
                calibration: %s
                update: {canaryMinRequests: 5, canaryMaxRejectRateChange: 0.2, mapScores: true}
                models:
                  - name: fashion-cnn
                    path: %s
                defenses:
                  - type: validate
                  - type: ood
                    method: mahalanobis
                    layers: [features, input]
                    targetFpr: 0.007
                  - type: harden
                """.formatted(Accounts.sha256(UpdateServer.ADMIN), dir.resolve("data"), dir.resolve("f.db"),
                UpdateServer.REPO.resolve("policies/default.calibration.json"), TestServer.DEFAULT_CNN) + accounts;
        try (UpdateServer s = UpdateServer.start(dir, policy)) {
            s.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 0, \"calibration_samples\": 1000}");
            s.admin("POST", "/admin/update/canary", "{\"share\": 50}");
            // An image version 2 is unsure of: its top-k probability, rounded by the tier, is mapped onto version 1's scale.
            int index = -1, cls = -1;
            double top = 0;
            try (var v2 = dev.warden.model.OnnxModel.load(UpdateServer.REPO.resolve("models/fashion-cnn-v2.onnx"))) {
                for (int i = 0; i < 200 && index < 0; i++) {
                    var logits = v2.infer(java.util.Map.of("input", dev.warden.tensor.Tensor.fp32("input", new long[]{1, 1, 28, 28},
                            UpdateServer.testImage(i)))).get("logits").values();
                    double[] p = dev.warden.tensor.Softmax.rows(logits, 10);
                    int c = dev.warden.tensor.Softmax.argmax(p, 0, 10);
                    if (p[c] > 0.5 && p[c] < 0.9) {
                        index = i;
                        cls = c;
                        top = p[c];
                    }
                }
            }
            assertThat(index).isNotNegative();
            var mapped = s.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("m", UpdateServer.testImage(index)), candidateKey);
            assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(200);
            assertThat(UpdateServer.json(mapped.body()).get("model_version").asText()).isEqualTo("2");
            JsonNode sm = s.admin("GET", "/admin/update/report", null).get("score_mapping");
            ScoreMapping mapping = ScoreMapping.of(UpdateServer.JSON.convertValue(sm.get("from"), double[][].class),
                    UpdateServer.JSON.convertValue(sm.get("to"), double[][].class));
            double rounded = Math.round(top * 100) / 100.0;
            assertThat(probability(mapped.body())).isCloseTo(mapping.map(cls, rounded), org.assertj.core.data.Offset.offset(1e-6))
                    .isNotCloseTo(rounded, org.assertj.core.data.Offset.offset(1e-4));

            for (int i = 0; i < 6; i++) assertThat(s.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("ok" + i, UpdateServer.testImage(10 + i)), servingKey).statusCode()).isEqualTo(200);
            for (int i = 0; i < 8; i++) {
                var r = s.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("zero" + i, new double[784]), candidateKey);
                assertThat(r.statusCode()).isIn(403, 200);
            }
            JsonNode status = null;
            for (int wait = 0; wait < 100; wait++) {
                status = s.admin("GET", "/admin/update/status", null);
                if (status.get("stage").asText().equals("rolled-back")) break;
                Thread.sleep(50);
            }
            assertThat(status.get("stage").asText()).isEqualTo("rolled-back");
            assertThat(status.get("reason").asText()).startsWith("automatic rollback: canaryMaxRejectRateChange");
            assertThat(s.admin("GET", "/admin/update/report", null).get("reason").asText()).contains("canaryMaxRejectRateChange");
            var after = s.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("after", UpdateServer.testImage(40)), candidateKey);
            assertThat(UpdateServer.json(after.body()).get("model_version").asText()).isEqualTo("1");
            assertThat(s.post("/admin/update/promote", "{}", UpdateServer.ADMIN).statusCode()).isEqualTo(409);
        }
    }

    private static double probability(String body) {
        for (JsonNode out : UpdateServer.json(body).get("outputs")) if (out.get("name").asText().equals("probability")) return out.get("data").get(0).asDouble();
        throw new AssertionError("no probability output: " + body);
    }
}
