package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.runtime.Accounts;
import dev.warden.runtime.Rollout;
import dev.warden.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled update (fashion-cnn → models/fashion-cnn-v2.onnx) walks every stage over HTTP on the default
 * policy's chain: offline (interface, calibration of ood and temporal, knn threshold carried over, comparison,
 * replay), shadow (answered queries mirrored, answers still from version 1), canary (sticky per account, the
 * answering version is the response's model_version), promotion (everyone on version 2), and the stage survives
 * a restart.
 */
class UpdateWalkEndToEndTest {
    static final int ACCOUNTS = 20;

    @TempDir
    Path dir;

    @Test
    void bundledUpdateWalksAllStages() throws Exception {
        StringBuilder accounts = new StringBuilder("accounts:\n");
        for (int a = 0; a < ACCOUNTS; a++) accounts.append("  - {id: client-").append(a).append(", keySha256: ").append(Accounts.sha256("key-" + a)).append(", tier: label}\n");
        String policy = UpdateServer.defaultPolicy(dir, "update: {shadowMinRequests: " + (ACCOUNTS - 4) + "}\n").replace("accounts: []\n", accounts.toString());
        LabeledImages test = FashionMnist.bundledTest(UpdateServer.REPO);
        try (UpdateServer s = UpdateServer.start(dir, policy)) {
            JsonNode started = s.admin("POST", "/admin/update/start",
                    "{\"model\": \"fashion-cnn\", \"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 100, \"calibration_samples\": 2000}");
            assertThat(started.get("stage").asText()).isEqualTo("shadow");
            // Every offline gate holds; the one that fails is the shadow minimum, with nothing mirrored yet.
            List<JsonNode> failed = new ArrayList<>();
            started.get("gates").forEach(g -> { if (!g.get("passed").asBoolean()) failed.add(g); });
            assertThat(failed).singleElement().satisfies(g -> {
                assertThat(g.get("gate").asText()).isEqualTo("shadowMinRequests");
                assertThat(g.get("value").asDouble()).isZero();
            });
            JsonNode offline = started.get("offline");
            assertThat(offline.get("accuracy_old").asDouble()).isBetween(0.85, 0.95);
            assertThat(offline.get("negative_flip_rate").asDouble()).isBetween(0.0, 0.04);
            assertThat(offline.get("btc").asDouble()).isGreaterThan(0.95);

            // Shadow: answers come from version 1, answered queries are copied to version 2's scratch guard.
            int sent = 0;
            int copiedQueries = 0;
            for (int a = 0; a < ACCOUNTS; a++) {
                JsonNode answer = answer(s, "key-" + a, test.image(a * 7), test.image(a * 7 + 1));
                if (answer == null || answer.path("parameters").has("withheld")) continue;
                assertThat(answer.get("model_version").asText()).isEqualTo("1");
                sent += 2;
                copiedQueries++;
            }
            s.server.updates().drainShadow(10_000);
            JsonNode shadow = s.admin("GET", "/admin/update/status", null).get("shadow");
            assertThat(shadow.get("copied").asInt()).isEqualTo(copiedQueries).isGreaterThan(ACCOUNTS - 4);
            assertThat(shadow.get("dropped").asInt()).isZero();
            assertThat(shadow.get("images_compared").asInt()).isEqualTo(sent);
            assertThat(shadow.get("label_agreement").asDouble()).isGreaterThan(0.8);

            // Canary: half the accounts, by their bucket, sticky.
            s.admin("POST", "/admin/update/canary", "{\"share\": 50}");
            int onCandidate = 0, answered = 0;
            for (int round = 0; round < 2; round++) {
                for (int a = 0; a < ACCOUNTS; a++) {
                    String expected = Rollout.bucket("fashion-cnn", "client-" + a) < 50 ? "2" : "1";
                    if (round == 0 && expected.equals("2")) onCandidate++;
                    JsonNode answer = answer(s, "key-" + a, test.image(300 + round * ACCOUNTS + a));
                    if (answer == null) continue; // refused by the guard (an image ood finds unusual): no version to see
                    answered++;
                    assertThat(answer.get("model_version").asText()).as("client-" + a + " in round " + round).isEqualTo(expected);
                }
            }
            assertThat(answered).isGreaterThan(2 * ACCOUNTS - 4);
            assertThat(onCandidate).isBetween(3, 17);
            JsonNode status = s.admin("GET", "/admin/update/status", null);
            assertThat(status.get("stage").asText()).isEqualTo("canary");
            assertThat(status.get("canary").get("candidate").get("requests").asInt()).isEqualTo(2 * onCandidate);

            s.admin("POST", "/admin/update/promote", "{}");
            for (int a = 0; a < ACCOUNTS; a++) {
                JsonNode answer = answer(s, "key-" + a, test.image(500 + a));
                if (answer != null) assertThat(answer.get("model_version").asText()).isEqualTo("2");
            }
            JsonNode report = s.admin("GET", "/admin/update/report", null);
            assertThat(report.get("stage").asText()).isEqualTo("promoted");
            assertThat(report.get("knn").get("candidate_threshold").asDouble()).isPositive();
            assertThat(report.get("shadow").get("copied").asInt()).isGreaterThan(copiedQueries); // mirroring goes on during the canary
            assertThat(s.get("/admin/update/report.html", UpdateServer.ADMIN).body()).contains("<h2>Gates</h2>", "negative_flip_rate");
        }
        // A restart continues from the stored stage.
        try (UpdateServer again = UpdateServer.start(dir, policy)) {
            assertThat(infer(again, "key-0", test.image(901)).get("model_version").asText()).isEqualTo("2");
            assertThat(again.admin("GET", "/admin/update/status", null).get("stage").asText()).isEqualTo("promoted");
        }
    }

    /** The answer, or null when the guard refused the query (403 with its reason). */
    static JsonNode answer(UpdateServer s, String key, double[]... images) {
        var r = s.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("q", images), key);
        if (r.statusCode() == 403) return null;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return UpdateServer.json(r.body());
    }

    static JsonNode infer(UpdateServer s, String key, double[]... images) {
        var r = s.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("q", images), key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return UpdateServer.json(r.body());
    }
}
