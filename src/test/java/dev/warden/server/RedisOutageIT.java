package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.state.RedisFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis goes away under a running Warden (a private redis-server the test stops and starts): no request
 * crashes, each answers as the policy's onUnavailable says, the failures are counted, and detection comes
 * back by itself when Redis does. Redis even being down when Warden starts is survived.
 */
class RedisOutageIT {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    static String policy(String url, String mode) {
        return TestServer.cnnPolicy("""
                server: {rateLimit: {enabled: false}}
                anonymous: {allowed: true, tier: scores}
                state: {store: redis, onUnavailable: %s, redis: {url: "%s", keyPrefix: "outage:", timeoutMillis: 200, retryMillis: 300}}
                defenses:
                  - {type: lockout}
                  - {type: validate}
                  - {type: query}
                  - {type: harden}
                """.formatted(mode, url));
    }

    static HttpResponse<String> infer(TestServer server, double[] image) {
        return server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("q", image), null);
    }

    static double[] jitter(double[] x, SplittableRandom r) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1, Math.max(0, y[i] + (r.nextDouble() * 2 - 1) * 0.002));
        return y;
    }

    static double unavailable(TestServer s) {
        return s.running().metrics().find("warden.state.unavailable").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Detection works again: within a few seconds of Redis returning, a near-duplicate pair is matched. */
    static void detectsAgain(TestServer server, int image) throws Exception {
        double before = matches(server);
        for (int attempt = 0; attempt < 20 && matches(server) == before; attempt++) {
            Thread.sleep(300);
            double[] x = TestServer.testImages().image(image + attempt);
            assertThat(infer(server, x).statusCode()).isIn(200, 403, 429);
            assertThat(infer(server, jitter(x, new SplittableRandom(attempt))).statusCode()).isIn(200, 403, 429);
        }
        assertThat(matches(server)).as("a near-duplicate matched after Redis came back").isGreaterThan(before);
        double[] y = TestServer.testImages().image(image + 100);
        assertThat(infer(server, y).statusCode()).isEqualTo(200);
    }

    static double matches(TestServer s) {
        return s.running().metrics().find("warden.query.matches").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void failOpenAnswersThroughAnOutageAndRecovers() throws Exception {
        try (RedisFixture.Private redis = new RedisFixture.Private()) {
            redis.start();
            try (TestServer server = TestServer.start(Files.createDirectories(dir.resolve("open")), policy(redis.url(), "fail-open"), null)) {
                assertThat(infer(server, TestServer.testImages().image(1)).statusCode()).isEqualTo(200);
                redis.stop();
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> r = infer(server, TestServer.testImages().image(10 + i));
                    assertThat(r.statusCode()).as("request %d during the outage", i).isEqualTo(200);
                    assertThat(r.body()).contains("logits");
                }
                assertThat(unavailable(server)).isPositive();
                redis.start();
                detectsAgain(server, 30);
            }
        }
    }

    @Test
    void failClosedRefusesThroughAnOutageAndRecovers() throws Exception {
        try (RedisFixture.Private redis = new RedisFixture.Private()) {
            redis.start();
            try (TestServer server = TestServer.start(Files.createDirectories(dir.resolve("closed")), policy(redis.url(), "fail-closed"), null)) {
                assertThat(infer(server, TestServer.testImages().image(1)).statusCode()).isEqualTo(200);
                redis.stop();
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> r = infer(server, TestServer.testImages().image(10 + i));
                    assertThat(r.statusCode()).as("request %d during the outage", i).isIn(403, 429);
                    assertThat(JSON.readTree(r.body()).path("reason").asText()).isEqualTo("state_unavailable");
                }
                assertThat(unavailable(server)).isPositive();
                assertThat(server.get("/v2/health/ready", null).statusCode()).isEqualTo(200);
                redis.start();
                detectsAgain(server, 40);
            }
        }
    }

    @Test
    void startsWhileRedisIsDownAndPicksUpWhenItComes() throws Exception {
        try (RedisFixture.Private redis = new RedisFixture.Private()) {
            try (TestServer server = TestServer.start(Files.createDirectories(dir.resolve("late")), policy(redis.url(), "fail-open"), null)) {
                assertThat(infer(server, TestServer.testImages().image(2)).statusCode()).isEqualTo(200);
                redis.start();
                detectsAgain(server, 50);
            }
        }
    }
}
