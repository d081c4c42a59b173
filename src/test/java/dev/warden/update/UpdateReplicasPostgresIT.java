package dev.warden.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.failures.TestDatabases;
import dev.warden.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas whose policy keeps failures in one PostgreSQL database share the update's stage through it. */
class UpdateReplicasPostgresIT {
    @TempDir
    Path dir;

    @Test
    void replicasFollowTheStageThroughPostgres() throws Exception {
        String url = TestDatabases.postgres();
        try {
            Path east = Files.createDirectories(dir.resolve("east"));
            Path west = Files.createDirectories(dir.resolve("west"));
            try (UpdateServer a = UpdateServer.start(east, policy(east, url));
                 UpdateServer b = UpdateServer.start(west, policy(west, url))) {
                a.admin("POST", "/admin/update/start", "{\"candidate\": \"models/fashion-cnn-v2.onnx\", \"shadow\": 0}");
                a.admin("POST", "/admin/update/canary", "{\"share\": 100}");
                follow(b, "2");
                assertThat(b.admin("GET", "/admin/update/status", null).get("store").asText()).startsWith("postgresql");
                b.admin("POST", "/admin/update/rollback", "{\"reason\": \"from the west\"}");
                follow(a, "1");
                assertThat(a.admin("GET", "/admin/update/status", null).get("stage").asText()).isEqualTo("rolled-back");
            }
        } finally {
            TestDatabases.dropPostgres(url);
        }
    }

    private static String policy(Path dir, String url) {
        return UpdateServer.lightPolicy(dir, "update: {refreshMillis: 200}\n")
                .replace("failures: {url: \"jdbc:sqlite:" + dir.resolve("failures.db") + "\"}", "failures: {url: \"" + url + "\"}");
    }

    private static void follow(UpdateServer s, String version) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 10_000_000_000L) {
            var r = s.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("f", UpdateServer.testImage(1)), null);
            if (r.statusCode() == 200 && UpdateServer.json(r.body()).get("model_version").asText().equals(version)) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the replica did not follow to version " + version + " within 10 s");
    }
}
