package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.runtime.Accounts;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing the policy file changes behaviour without a restart; a broken edit keeps the running policy. */
class HotReloadEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "admin-key-for-reload";

    static String policy(String tier) {
        return TestServer.cnnPolicy("""
                anonymous: {allowed: true, tier: %s}
                server: {rateLimit: {enabled: false}}
                admin: {keySha256: [%s]}
                defenses:
                  - type: validate
                  - type: harden
                """.formatted(tier, Accounts.sha256(ADMIN)));
    }

    static String firstOutput(TestServer server) throws Exception {
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("h", new double[784]), null);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).get("outputs").get(0).get("name").asText();
    }

    @Test
    void editingThePolicyFileSwapsTheRevealTierWhileServing(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, policy("label"), Duration.ofMillis(100))) {
            assertThat(firstOutput(server)).isEqualTo("label");
            long generation = server.running().live().current().generation();
            Files.writeString(server.policyFile(), policy("scores"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (server.running().live().current().generation() == generation && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(firstOutput(server)).isEqualTo("logits");
        }
    }

    @Test
    void aBrokenPolicyIsRefusedAndTheRunningOneStays(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, policy("label"), null)) {
            Files.writeString(server.policyFile(), policy("no-such-tier"));
            HttpResponse<String> r = server.post("/admin/policy/reload", "", ADMIN);
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("anonymous.tier").contains("no-such-tier");
            assertThat(firstOutput(server)).isEqualTo("label");
            Files.writeString(server.policyFile(), policy("scores"));
            assertThat(server.post("/admin/policy/reload", "", ADMIN).statusCode()).isEqualTo(200);
            assertThat(firstOutput(server)).isEqualTo("logits");
        }
    }
}
