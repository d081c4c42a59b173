package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.data.LabeledImages;
import dev.warden.data.synth.OodSets;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.OipClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One out-of-distribution image in a batch costs only its own answer, over real HTTP with the real CNN. */
class BatchWithholdingEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestServer server;
    static ImageQueries queries;
    static OipClient client;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, TestServer.cnnPolicy(TestServer.DEFAULT_CNN, """
                anonymous: {allowed: true, tier: scores}
                server: {rateLimit: {enabled: false}}
                calibration: %s
                defenses:
                  - type: validate
                  - {type: ood, method: mahalanobis, layers: [features, input], targetFpr: 0.007}
                  - type: harden
                """.formatted(TestServer.REPO.resolve("policies/default.calibration.json"))), null);
        client = new OipClient(server.url(), Duration.ofSeconds(30));
        queries = ImageQueries.fromMetadata(client.get("/v2/models/fashion-cnn", null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<double[]> batch(int oodAt) {
        LabeledImages test = TestServer.testImages();
        List<double[]> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) images.add(i == oodAt ? OodSets.generate("uniform", 1, 1, test).get(0) : test.image(i));
        return images;
    }

    @Test
    void theOddImageIsWithheldAndTheRestAnswered() throws Exception {
        OipClient.Result result = client.infer("fashion-cnn", queries.request("mixed", batch(2)), null);
        assertThat(result.status()).isEqualTo(200);
        assertThat(ImageQueries.withheldRows(result.response())).containsExactly(2);
        int[] predicted = ImageQueries.predictedClasses(result.response(), 4);
        LabeledImages test = TestServer.testImages();
        assertThat(predicted[0]).isEqualTo(test.label(0));
        assertThat(predicted[1]).isEqualTo(test.label(1));
        assertThat(predicted[3]).isEqualTo(test.label(3));

        JsonNode raw = JSON.readTree(server.post("/v2/models/fashion-cnn/infer",
                new String(dev.warden.oip.OipCodec.writeRequest(queries.request("mixed", batch(2))), java.nio.charset.StandardCharsets.UTF_8), null).body());
        assertThat(raw.at("/parameters/withheld/0/index").asInt()).isEqualTo(2);
        assertThat(raw.at("/parameters/withheld/0/reason").asText()).isEqualTo("out_of_distribution");
        JsonNode logits = raw.get("outputs").get(0);
        for (int c = 0; c < 10; c++) assertThat(logits.get("data").get(2 * 10 + c).asDouble()).isZero();
        assertThat(logits.get("data").get(0).asDouble()).isNotZero();
    }

    @Test
    void aBatchOfOnlyOddImagesIsRefusedWhole() {
        List<double[]> all = OodSets.generate("uniform", 3, 2, TestServer.testImages());
        OipClient.Result result = client.infer("fashion-cnn", queries.request("odd", all), null);
        assertThat(result.status()).isEqualTo(403);
        assertThat(result.reason()).isEqualTo("out_of_distribution");
    }
}
