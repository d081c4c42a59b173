package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.server.TestServer;
import dev.warden.state.RedisFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas sharing one Redis agree on the update's stage: a step taken on one is followed by the other within
 * about one refresh interval (200 ms here), measured from the step's answer to the other's first answer by the
 * expected version.
 */
class UpdateReplicasRedisIT {
    @TempDir
    Path dir;

    @Test
    void replicasFollowTheStage() throws Exception {
        String prefix = RedisFixture.uniquePrefix("update-replicas");
        String extra = "update: {refreshMillis: 200}\n";
        Path east = Files.createDirectories(dir.resolve("east"));
        Path west = Files.createDirectories(dir.resolve("west"));
        String redis = "state: {store: redis, dataDir: \"%s\", redis: {url: \"%s\", keyPrefix: \"%s\"}}\n";
        try (UpdateServer a = UpdateServer.start(east, UpdateServer.lightPolicy(east, extra).replace("state: {dataDir: \"" + east.resolve("data") + "\"}\n",
                     redis.formatted(east.resolve("data"), RedisFixture.SHARED_URL, prefix)));
             UpdateServer b = UpdateServer.start(west, UpdateServer.lightPolicy(west, extra).replace("state: {dataDir: \"" + west.resolve("data") + "\"}\n",
                     redis.formatted(west.resolve("data"), RedisFixture.SHARED_URL, prefix)))) {
            a.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 0}");
            long shadow = follow(b, "2", true);
            assertThat(b.admin("GET", "/admin/update/status", null).get("stage").asText()).isEqualTo("shadow");
            a.admin("POST", "/admin/update/canary", "{\"share\": 100}");
            long canary = follow(b, "2", false);
            assertThat(b.admin("GET", "/admin/update/status", null).get("stage").asText()).isEqualTo("canary");
            b.admin("POST", "/admin/update/rollback", "{\"reason\": \"from the west\"}");
            long back = follow(a, "1", false);
            assertThat(a.admin("GET", "/admin/update/status", null).get("reason").asText()).isEqualTo("from the west");
            System.out.printf("replicas followed: shadow %d ms, canary %d ms, rollback %d ms%n", shadow, canary, back);
            assertThat(java.util.List.of(shadow, canary, back)).allSatisfy(ms -> assertThat(ms).isLessThan(3_000L));
        } finally {
            RedisFixture.delete(RedisFixture.shared(), prefix);
        }
    }

    /** Milliseconds until {@code s} answers by {@code version} (on its versioned route when {@code versioned}). */
    private static long follow(UpdateServer s, String version, boolean versioned) throws InterruptedException {
        long start = System.nanoTime();
        String path = versioned ? "/v2/models/fashion-cnn/versions/" + version + "/infer" : "/v2/models/fashion-cnn/infer";
        while (System.nanoTime() - start < 10_000_000_000L) {
            var r = s.post(path, TestServer.imagesBody("f", UpdateServer.testImage(1)), null);
            if (r.statusCode() == 200 && UpdateServer.json(r.body()).get("model_version").asText().equals(version)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the replica did not follow to version " + version + " within 10 s");
    }
}
