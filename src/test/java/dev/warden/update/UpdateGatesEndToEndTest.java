package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad candidates are stopped with the reason named: the MLP by the gates, a labels-permuted copy of v2 at start. */
class UpdateGatesEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void mlpIsStoppedByTheGatesAndPermutedLabelsAreRefused() throws Exception {
        Path permuted = dir.resolve("permuted.onnx");
        Files.copy(UpdateServer.REPO.resolve("models/fashion-cnn-v2.onnx"), permuted);
        ObjectNode sidecar = (ObjectNode) UpdateServer.JSON.readTree(UpdateServer.REPO.resolve("models/fashion-cnn-v2.json").toFile());
        ArrayNode labels = (ArrayNode) sidecar.get("labels");
        String first = labels.get(0).asText();
        labels.set(0, labels.get(6));
        labels.set(6, UpdateServer.JSON.getNodeFactory().textNode(first));
        Files.writeString(dir.resolve("permuted.json"), sidecar.toString());

        try (UpdateServer s = UpdateServer.start(dir, UpdateServer.lightPolicy(dir, ""))) {
            var refused = s.post("/admin/update/start", "{\"candidate\": \"" + permuted + "\"}", UpdateServer.ADMIN);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("interface_mismatch", "labels: class 0 is 'T-shirt/top' on the serving version and 'Shirt' on the candidate");
            assertThat(s.get("/admin/update/status", UpdateServer.ADMIN).statusCode()).isEqualTo(404);

            JsonNode started = s.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-mlp.onnx\", \"version\": \"mlp\", \"shadow\": 0}");
            assertThat(started.get("stage").asText()).isEqualTo("shadow");
            var canary = s.post("/admin/update/canary", "{\"share\": 10}", UpdateServer.ADMIN);
            assertThat(canary.statusCode()).isEqualTo(409);
            var promote = s.post("/admin/update/promote", "{}", UpdateServer.ADMIN);
            assertThat(promote.statusCode()).isEqualTo(409);
            assertThat(promote.body()).contains("gate_failed", "maxAccuracyDrop: accuracy_old - accuracy_new", "maxNegativeFlipRate: negative_flip_rate",
                    "minBackwardTrust: btc");
            JsonNode status = s.admin("GET", "/admin/update/status", null);
            assertThat(status.get("stage").asText()).isEqualTo("shadow");
            assertThat(status.get("offline").get("accuracy_new").asDouble()).isLessThan(status.get("offline").get("accuracy_old").asDouble());
            // Still answered by version 1 only.
            var r = s.post("/v2/models/fashion-cnn/infer", dev.warden.server.TestServer.imagesBody("q", UpdateServer.testImage(0)), null);
            assertThat(UpdateServer.json(r.body()).get("model_version").asText()).isEqualTo("1");
            JsonNode rolled = s.admin("POST", "/admin/update/rollback", "{\"reason\": \"gates failed\"}");
            assertThat(rolled.get("stage").asText()).isEqualTo("rolled-back");
            assertThat(rolled.get("reason").asText()).isEqualTo("gates failed");
            assertThat(s.get("/v2/models/fashion-cnn/versions/mlp", null).statusCode()).isEqualTo(404);
        }
    }
}
