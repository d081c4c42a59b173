package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's flip figures agree with an independent count: every bundled test image sent to both versions
 * over the versioned OIP routes ({@code /v2/models/fashion-cnn/versions/{v}/infer}), the flips counted here.
 */
class UpdateFlipCountTest {
    @TempDir
    Path dir;

    @Test
    void reportFlipFiguresMatchACountOverTheVersionedRoutes() throws Exception {
        try (UpdateServer s = UpdateServer.start(dir, UpdateServer.lightPolicy(dir, ""))) {
            JsonNode started = s.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 0, \"assess\": \"hsj,square\", \"assess_budget\": 300}");
            assertThat(started.get("stage").asText()).isEqualTo("shadow");
            assertThat(started.get("candidate_version").asText()).isEqualTo("2");
            JsonNode offline = s.admin("GET", "/admin/update/report", null).get("offline");

            LabeledImages test = FashionMnist.bundledTest(UpdateServer.REPO);
            int n = test.count(), oldRight = 0, newRight = 0, negative = 0, bothRight = 0, bothWrong = 0, newWrong = 0;
            int batch = 50;
            for (int from = 0; from < n; from += batch) {
                double[][] images = new double[Math.min(batch, n - from)][];
                for (int i = 0; i < images.length; i++) images[i] = test.image(from + i);
                int[] a = classes(s, "1", images);
                int[] b = classes(s, "2", images);
                for (int i = 0; i < images.length; i++) {
                    int y = test.label(from + i);
                    boolean o = a[i] == y, f = b[i] == y;
                    if (o) oldRight++;
                    if (f) newRight++;
                    if (o && !f) negative++;
                    if (o && f) bothRight++;
                    if (!f) newWrong++;
                    if (!o && !f) bothWrong++;
                }
            }
            assertThat(offline.get("samples").asInt()).isEqualTo(n);
            assertThat(offline.get("accuracy_old").asDouble()).isCloseTo((double) oldRight / n, org.assertj.core.data.Offset.offset(0.001));
            assertThat(offline.get("accuracy_new").asDouble()).isCloseTo((double) newRight / n, org.assertj.core.data.Offset.offset(0.001));
            assertThat(offline.get("negative_flip_rate").asDouble()).isCloseTo((double) negative / n, org.assertj.core.data.Offset.offset(0.001));
            assertThat(offline.get("btc").asDouble()).isCloseTo((double) bothRight / oldRight, org.assertj.core.data.Offset.offset(0.001));
            assertThat(offline.get("bec").asDouble()).isCloseTo((double) bothWrong / newWrong, org.assertj.core.data.Offset.offset(0.001));
            assertThat(negative).isPositive();
            // --assess hsj,square: both versions attacked with the same plan.
            JsonNode assess = s.admin("GET", "/admin/update/report", null).get("assess");
            for (String side : new String[]{"old", "new"}) {
                assertThat(assess.get(side)).hasSize(2);
                assertThat(assess.get(side).get(0).get("attack").asText()).isEqualTo("hsj");
                assertThat(assess.get(side).get(1).get("attack").asText()).isEqualTo("square");
                assertThat(assess.get(side).get(1).get("success_rate").asDouble()).isBetween(0.0, 1.0);
            }
            assertThat(s.get("/admin/update/report.html", UpdateServer.ADMIN).body()).contains("Attacks on both versions");
        }
    }

    private static int[] classes(UpdateServer s, String version, double[][] images) {
        var r = s.post("/v2/models/fashion-cnn/versions/" + version + "/infer", TestServer.imagesBody("q", images), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode json = UpdateServer.json(r.body());
        assertThat(json.get("model_version").asText()).isEqualTo(version);
        for (JsonNode out : json.get("outputs")) {
            if (out.get("name").asText().equals("class")) {
                int[] c = new int[images.length];
                for (int i = 0; i < c.length; i++) c[i] = out.get("data").get(i).asInt();
                return c;
            }
        }
        throw new AssertionError("no class output: " + r.body());
    }
}
