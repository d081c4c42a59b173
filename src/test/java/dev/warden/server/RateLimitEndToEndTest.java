package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, "the rate limit spends one token per request whatever the batch size": over HTTP, a batch costs its images. */
class RateLimitEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void theRateLimitSpendsOneTokenPerImageNotPerRequest() throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.cnnPolicy("""
                server: {rateLimit: {imagesPerSecond: 0.1, burst: 10}}
                anonymous: {allowed: true, tier: label}
                """), null)) {
            double[][] eight = new double[8][];
            for (int i = 0; i < 8; i++) eight[i] = TestServer.testImages().image(i);
            assertThat(server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("a", eight), null).statusCode()).isEqualTo(200);
            HttpResponse<String> second = server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("b", eight), null);
            assertThat(second.statusCode()).as("16 images against a burst of 10").isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
            assertThat(server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("c", TestServer.testImages().image(9)), null).statusCode())
                    .as("one more image still fits the two tokens left").isEqualTo(200);
        }
    }
}
