package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.policy.PolicyException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §1: each models: entry is a route with its own chain and version; entries sharing a name are
 * versions of one model, reached by /versions/{v}, the default one answering requests that name none; the
 * stateful defenses keep their state per model name, across versions.
 */
class RoutesEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String V2 = TestServer.REPO.resolve("models/fashion-cnn-v2.onnx").toString();

    static String twoVersions(String v1Chain, String v2Chain) {
        return """
                version: 1
                anonymous: {allowed: true, tier: label}
                server: {rateLimit: {enabled: false}}
                models:
                  - {name: fashion-cnn, path: %s, version: "1"%s}
                  - {name: fashion-cnn, path: %s, version: "2", default: true%s}
                defenses: [{type: validate}, {type: query}]
                """.formatted(TestServer.CNN, v1Chain, V2, v2Chain);
    }

    static double[] near(int image) {
        double[] x = TestServer.testImages().image(image).clone();
        x[400] += x[400] > 0.5 ? -0.02 : 0.02;
        return x;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void versionsAreReachedByPathAndTheDefaultAnswersTheRest(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, twoVersions("", ""), null)) {
            double[] image = TestServer.testImages().image(0);
            HttpResponse<String> plain = server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("a", image), null);
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(json(plain).get("model_version").asText()).isEqualTo("2");
            HttpResponse<String> v1 = server.post("/v2/models/fashion-cnn/versions/1/infer", TestServer.imagesBody("b", TestServer.testImages().image(1)), null);
            assertThat(v1.statusCode()).isEqualTo(200);
            assertThat(json(v1).get("model_version").asText()).isEqualTo("1");
            assertThat(json(v1).get("outputs").get(0).get("name").asText()).isEqualTo("label");

            HttpResponse<String> none = server.post("/v2/models/fashion-cnn/versions/3/infer", TestServer.imagesBody("c", image), null);
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(json(none).get("reason").asText()).isEqualTo("model_not_found");
            assertThat(json(none).get("error").asText()).isEqualTo("model 'fashion-cnn' has no version '3'");

            assertThat(json(server.get("/v2/models/fashion-cnn", null)).get("versions").toString()).isEqualTo("[\"2\"]");
            assertThat(json(server.get("/v2/models/fashion-cnn/versions/1", null)).get("versions").toString()).isEqualTo("[\"1\"]");
            assertThat(server.get("/v2/models/fashion-cnn/versions/1/ready", null).statusCode()).isEqualTo(200);
            assertThat(server.get("/v2/models/fashion-cnn/versions/3/ready", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void eachRouteRunsItsOwnChain(@TempDir Path dir) throws Exception {
        String onlyValidate = ", defenses: [{type: validate}]";
        try (TestServer server = TestServer.start(dir, twoVersions(onlyValidate, ""), null)) {
            int[] v1 = {post(server, "1", TestServer.testImages().image(5)), post(server, "1", near(5))};
            assertThat(v1).as("version 1 has no query detector").containsExactly(200, 200);
            int[] v2 = {post(server, "2", TestServer.testImages().image(6)), post(server, "2", near(6))};
            assertThat(v2).as("version 2 has the policy's chain").containsExactly(200, 403);
        }
    }

    @Test
    void fingerprintsAreKeptPerModelNameAcrossVersions(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, twoVersions("", ""), null)) {
            assertThat(post(server, "1", TestServer.testImages().image(7))).isEqualTo(200);
            HttpResponse<String> copy = server.post("/v2/models/fashion-cnn/versions/2/infer", TestServer.imagesBody("n", near(7)), null);
            assertThat(copy.statusCode()).isEqualTo(403);
            assertThat(json(copy).get("reason").asText()).isEqualTo("query_attack");
        }
    }

    @Test
    void aRoutesChainIsCheckedAndItsErrorsNameTheField(@TempDir Path dir) {
        assertThatThrownBy(() -> TestServer.start(dir, twoVersions("", ", defenses: [{type: validate}, {type: nope}]"), null))
                .isInstanceOf(PolicyException.class).hasMessageContaining("models[1].defenses[1].type: unknown defense 'nope'");
    }

    static int post(TestServer server, String version, double[] image) {
        return server.post("/v2/models/fashion-cnn/versions/" + version + "/infer", TestServer.imagesBody("q", image), null).statusCode();
    }
}
