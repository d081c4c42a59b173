package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.runtime.Accounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over HTTP with the real CNN: a near-duplicate query stream is flagged, answered with less, then locked out; admins see and lift bans. */
class LockoutEndToEndTest {
    static final String ADMIN_KEY = "admin-key-lockout-test";
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, TestServer.cnnPolicy("""
                server: {rateLimit: {enabled: false}}
                anonymous: {allowed: true, tier: scores}
                admin: {keySha256: ["%s"]}
                state: {dataDir: "%s"}
                defenses:
                  - {type: lockout, banAfter: 4, banSeconds: 120, degrade: [{strikes: 1, reveal: label}, {strikes: 2, reveal: none}]}
                  - {type: validate}
                  - {type: query, action: flag}
                  - {type: harden}
                """.formatted(Accounts.sha256(ADMIN_KEY), dir.resolve("data"))), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static double[] jitter(double[] x, SplittableRandom r) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1, Math.max(0, y[i] + (r.nextDouble() * 2 - 1) * 0.002));
        return y;
    }

    HttpResponse<String> infer(double[] image) {
        return server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("q", image), null);
    }

    @Test
    void bansAndFingerprintsSurviveAPolicyReload() throws Exception {
        double[] x = TestServer.testImages().image(60);
        SplittableRandom r = new SplittableRandom(2);
        HttpClient http = HttpClient.newHttpClient();
        String account = "anon:127.0.0.1";
        assertThat(infer(x).statusCode()).isEqualTo(200);
        java.nio.file.Files.writeString(server.policyFile(), java.nio.file.Files.readString(server.policyFile()) + "# reloaded\n");
        assertThat(server.post("/admin/policy/reload", "", ADMIN_KEY).statusCode()).isEqualTo(200);
        for (int i = 0; i < 4; i++) infer(jitter(x, r));
        assertThat(infer(TestServer.testImages().image(61)).statusCode()).as("matched across the reload, then banned").isEqualTo(429);
        java.nio.file.Files.writeString(server.policyFile(), java.nio.file.Files.readString(server.policyFile()) + "# again\n");
        assertThat(server.post("/admin/policy/reload", "", ADMIN_KEY).statusCode()).isEqualTo(200);
        assertThat(infer(TestServer.testImages().image(62)).statusCode()).as("the ban outlives the reload").isEqualTo(429);
        HttpRequest lift = HttpRequest.newBuilder(URI.create(server.url() + "/admin/bans/" + account))
                .header("Authorization", "Bearer " + ADMIN_KEY).DELETE().build();
        assertThat(http.send(lift, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aProbingStreamIsDegradedThenLockedOutAndAnAdminCanLiftTheBan() throws Exception {
        double[] x = TestServer.testImages().image(42);
        SplittableRandom r = new SplittableRandom(1);
        HttpResponse<String> first = infer(x);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("logits");

        HttpResponse<String> matched = infer(jitter(x, r));
        assertThat(matched.statusCode()).isEqualTo(200);
        assertThat(matched.body()).contains("logits");
        HttpResponse<String> degraded = infer(jitter(x, r));
        assertThat(degraded.statusCode()).isEqualTo(200);
        assertThat(degraded.body()).contains("\"label\"").doesNotContain("logits");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> nothing = infer(jitter(x, r));
            assertThat(nothing.statusCode()).as("degraded to none: a refusal that says so, not 200 with no outputs").isEqualTo(403);
            assertThat(JSON.readTree(nothing.body()).path("reason").asText()).isEqualTo("degraded");
        }
        HttpResponse<String> locked = infer(TestServer.testImages().image(43));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(JSON.readTree(locked.body()).path("reason").asText()).isEqualTo("locked_out");

        assertThat(server.get("/admin/bans", null).statusCode()).isEqualTo(401);
        JsonNode bans = JSON.readTree(server.get("/admin/bans", ADMIN_KEY).body()).path("bans");
        assertThat(bans).hasSize(1);
        String account = bans.get(0).path("account").asText();
        assertThat(account).startsWith("anon:");
        assertThat(bans.get(0).path("reason").asText()).isEqualTo("query:query_attack");
        assertThat(bans.get(0).path("level").asInt()).isEqualTo(1);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest lift = HttpRequest.newBuilder(URI.create(server.url() + "/admin/bans/" + account))
                .header("Authorization", "Bearer " + ADMIN_KEY).DELETE().build();
        assertThat(http.send(lift, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(http.send(lift, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        HttpResponse<String> again = infer(TestServer.testImages().image(44));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("logits");
    }
}
