package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.data.LabeledImages;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.OipClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OIP v2 surface of a guarded server over real HTTP with the real bundled CNN. */
class OipEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, TestServer.cnnPolicy("""
                anonymous: {allowed: true, tier: label}
                server: {rateLimit: {enabled: false}}
                defenses:
                  - type: validate
                  - type: harden
                """), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bundledTestImagesAreClassifiedThroughTheServerAtLeast89PercentRight() {
        LabeledImages test = TestServer.testImages();
        OipClient client = new OipClient(server.url(), Duration.ofSeconds(30));
        ImageQueries queries = ImageQueries.fromMetadata(client.get("/v2/models/fashion-cnn", null));
        int correct = 0;
        for (int from = 0; from < test.count(); from += 50) {
            List<double[]> batch = new ArrayList<>();
            for (int i = from; i < from + 50; i++) batch.add(test.image(i));
            OipClient.Result result = client.infer("fashion-cnn", queries.request("b" + from, batch), null);
            assertThat(result.status()).isEqualTo(200);
            int[] predicted = ImageQueries.predictedClasses(result.response(), batch.size());
            for (int j = 0; j < predicted.length; j++) if (predicted[j] == test.label(from + j)) correct++;
        }
        assertThat(test.count()).isEqualTo(2000);
        assertThat(correct / 2000.0).isGreaterThanOrEqualTo(0.89);
    }

    @Test
    void healthAndServerMetadataFollowOip() throws Exception {
        assertThat(JSON.readTree(server.get("/v2/health/live", null).body()).get("live").asBoolean()).isTrue();
        assertThat(JSON.readTree(server.get("/v2/health/ready", null).body()).get("ready").asBoolean()).isTrue();
        assertThat(JSON.readTree(server.get("/v2", null).body()).get("name").asText()).isEqualTo("warden");
        assertThat(server.get("/v2/models/fashion-cnn/ready", null).statusCode()).isEqualTo(200);
        assertThat(server.get("/v2/models/fashion-cnn/versions/1/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void modelMetadataDescribesInputsOutputsAndLabels() throws Exception {
        JsonNode meta = JSON.readTree(server.get("/v2/models/fashion-cnn", null).body());
        assertThat(meta.get("name").asText()).isEqualTo("fashion-cnn");
        assertThat(meta.get("inputs").get(0).get("name").asText()).isEqualTo("input");
        assertThat(meta.get("inputs").get(0).get("datatype").asText()).isEqualTo("FP32");
        assertThat(meta.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,1,28,28]");
        assertThat(meta.get("outputs").toString()).as("what the anonymous label tier receives")
                .isEqualTo("[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]},{\"name\":\"class\",\"datatype\":\"INT64\",\"shape\":[-1]}]");
        assertThat(meta.get("parameters").get("labels").get(9).asText()).isEqualTo("Ankle boot");
        assertThat(server.get("/v2/models/fashion-cnn/versions/1", null).statusCode()).isEqualTo(200);
    }

    @Test
    void idIsEchoedAndLabelTierRevealsOnlyTheLabel() throws Exception {
        LabeledImages test = TestServer.testImages();
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("q-42", test.image(0)), null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("id").asText()).isEqualTo("q-42");
        assertThat(body.get("model_name").asText()).isEqualTo("fashion-cnn");
        assertThat(body.get("outputs").findValuesAsText("name")).containsExactly("label", "class");
        assertThat(body.get("outputs").get(0).get("data").get(0).asText()).isEqualTo("Ankle boot");
        assertThat(r.body()).doesNotContain("logits").doesNotContain("features");
    }

    @Test
    void nestedDataIsAcceptedLikeFlatData() throws Exception {
        double[] img = TestServer.testImages().image(1);
        StringBuilder rows = new StringBuilder("[[[");
        for (int y = 0; y < 28; y++) {
            rows.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < 28; x++) rows.append(x == 0 ? "" : ",").append(img[y * 28 + x]);
            rows.append("]");
        }
        rows.append("]]]");
        String body = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,1,28,28],\"data\":" + rows + "}]}";
        HttpResponse<String> nested = server.post("/v2/models/fashion-cnn/infer", body, null);
        HttpResponse<String> flat = server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("x", img), null);
        assertThat(nested.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(nested.body()).get("outputs")).isEqualTo(JSON.readTree(flat.body()).get("outputs"));
    }

    @Test
    void unknownModelAndEndpointAndMethodAreJsonErrors() throws Exception {
        HttpResponse<String> model = server.post("/v2/models/nope/infer", TestServer.imagesBody("x", new double[784]), null);
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(model.body()).get("error").asText()).contains("nope");
        HttpResponse<String> version = server.get("/v2/models/fashion-cnn/versions/7", null);
        assertThat(version.statusCode()).isEqualTo(404);
        HttpResponse<String> path = server.get("/v3/whatever", null);
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(path.body()).has("error")).isTrue();
        HttpResponse<String> method = server.get("/v2/models/fashion-cnn/infer", null);
        assertThat(method.statusCode()).isIn(404, 405);
        assertThat(JSON.readTree(method.body()).has("error")).isTrue();
    }
}
