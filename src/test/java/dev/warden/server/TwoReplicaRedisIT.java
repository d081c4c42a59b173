package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.state.RedisFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

/**
 * Two Warden processes' worth of servers (separate deployments, ports and state stores) behind one Redis:
 * an attack split across them is detected, and a ban earned on one holds on the other.
 */
class TwoReplicaRedisIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = RedisFixture.uniquePrefix("replicas");
    @TempDir
    static Path dir;
    static TestServer east;
    static TestServer west;

    static String policy() {
        return TestServer.cnnPolicy("""
                server: {rateLimit: {enabled: false}}
                anonymous: {allowed: true, tier: scores}
                state: {store: redis, redis: {url: "%s", keyPrefix: "%s"}}
                defenses:
                  - {type: lockout, banAfter: 3, banSeconds: 300, degrade: []}
                  - {type: validate}
                  - {type: query, action: flag}   # flag: the split attack is still answered, and every match is a strike
                  - {type: harden}
                """.formatted(RedisFixture.SHARED_URL, PREFIX));
    }

    @BeforeAll
    static void start() throws Exception {
        east = TestServer.start(Files.createDirectories(dir.resolve("east")), policy(), null);
        west = TestServer.start(Files.createDirectories(dir.resolve("west")), policy(), null);
    }

    @AfterAll
    static void stop() {
        if (east != null) east.close();
        if (west != null) west.close();
        try (JedisPooled redis = RedisFixture.shared()) {
            RedisFixture.delete(redis, PREFIX);
        }
    }

    static double[] jitter(double[] x, SplittableRandom r) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1, Math.max(0, y[i] + (r.nextDouble() * 2 - 1) * 0.002));
        return y;
    }

    static HttpResponse<String> infer(TestServer server, double[] image) {
        return server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("q", image), null);
    }

    static String decisionOf(HttpResponse<String> r) throws Exception {
        return r.statusCode() + ":" + JSON.readTree(r.body()).path("reason").asText("");
    }

    @Test
    void anAttackSplitAcrossReplicasIsDetectedAndItsBanHoldsOnBoth() throws Exception {
        assertThat(east.running().port()).isNotEqualTo(west.running().port());
        double[] x = TestServer.testImages().image(100);
        SplittableRandom r = new SplittableRandom(7);
        assertThat(infer(east, x).statusCode()).isEqualTo(200);
        int eastMetricBefore = matches(west);
        assertThat(infer(west, jitter(x, r)).statusCode()).isEqualTo(200);
        assertThat(matches(west)).as("west matched a query that only east saw").isEqualTo(eastMetricBefore + 1);

        infer(east, jitter(x, r));
        infer(west, jitter(x, r));
        HttpResponse<String> lockedWest = infer(west, TestServer.testImages().image(101));
        HttpResponse<String> lockedEast = infer(east, TestServer.testImages().image(102));
        assertThat(decisionOf(lockedWest)).isEqualTo("429:locked_out");
        assertThat(decisionOf(lockedEast)).isEqualTo("429:locked_out");
        assertThat(Long.parseLong(lockedEast.headers().firstValue("Retry-After").orElseThrow())).isBetween(295L, 300L);
    }

    static int matches(TestServer s) {
        return (int) s.running().metrics().find("warden.query.matches").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
