package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.data.LabeledImages;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Warden guarding a remote OIP v2 model (another Warden running the passthrough policy) over HTTP. */
class RemoteBackendEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void guardsAModelServedByAnUpstreamOipServer(@TempDir Path upstreamDir, @TempDir Path frontDir) throws Exception {
        // The upstream lists (and answers) the features the sidecar declares: its metadata follows the caller's tier.
        try (TestServer upstream = TestServer.start(upstreamDir, TestServer.cnnPolicy("""
                tiers: {full: {reveal: scores, features: true}}
                anonymous: {allowed: true, tier: full}
                server: {rateLimit: {enabled: false}}
                defenses: [{type: validate}]
                """), null)) {
            Path sidecar = frontDir.resolve("fashion-cnn.json");
            Files.copy(TestServer.REPO.resolve("models/fashion-cnn.json"), sidecar);
            String front = """
                    version: 1
                    anonymous: {allowed: true, tier: label}
                    server: {rateLimit: {enabled: false}}
                    models:
                      - name: remote-cnn
                        backend: oip
                        url: %s
                        remoteName: fashion-cnn
                        timeoutMillis: 5000
                        sidecar: %s
                    defenses:
                      - type: validate
                      - type: harden
                    """.formatted(upstream.url(), sidecar);
            try (TestServer guard = TestServer.start(frontDir, front, null)) {
                LabeledImages test = TestServer.testImages();
                JsonNode meta = JSON.readTree(guard.get("/v2/models/remote-cnn", null).body());
                assertThat(meta.get("inputs").get(0).get("name").asText()).isEqualTo("input");

                HttpResponse<String> ok = guard.post("/v2/models/remote-cnn/infer", TestServer.imagesBody("a", test.image(0)), null);
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
                assertThat(JSON.readTree(ok.body()).get("outputs").get(0).get("data").get(0).asText()).isEqualTo("Ankle boot");

                double[] bad = test.image(0).clone();
                bad[10] = 3.0;
                HttpResponse<String> invalid = guard.post("/v2/models/remote-cnn/infer", TestServer.imagesBody("b", bad), null);
                assertThat(invalid.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(invalid.body()).get("reason").asText()).isEqualTo("out_of_range");
            }
            // Upstream gone: the guard answers 502 with a JSON error, not a hang or a stack trace.
            try (TestServer guard = TestServer.start(frontDir, """
                    version: 1
                    anonymous: {allowed: true, tier: scores}
                    models:
                      - {name: remote-cnn, backend: oip, url: %s, remoteName: fashion-cnn, timeoutMillis: 2000}
                    defenses: [{type: validate}]
                    """.formatted(upstream.url()), null)) {
                upstream.close();
                HttpResponse<String> down = guard.post("/v2/models/remote-cnn/infer", TestServer.imagesBody("c", new double[784]), null);
                assertThat(down.statusCode()).isEqualTo(502);
                assertThat(JSON.readTree(down.body()).get("reason").asText()).isEqualTo("model_error");
            }
        }
    }
}
