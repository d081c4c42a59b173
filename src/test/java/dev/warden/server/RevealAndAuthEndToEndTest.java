package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.runtime.Accounts;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each tier reveals, and who gets in: API keys (missing, wrong, right) and the admin API. */
class RevealAndAuthEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCORES_KEY = "key-scores-0123456789";
    static final String TOPK_KEY = "key-topk-0123456789";
    static final String LABEL_KEY = "key-label-0123456789";
    static final String NONE_KEY = "key-none-0123456789";
    static final String FULL_KEY = "key-full-0123456789";
    static final String ADMIN_KEY = "admin-key-0123456789";
    @TempDir
    static Path dir;
    static TestServer server;
    static String body;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, TestServer.cnnPolicy("""
                server: {rateLimit: {enabled: false}}
                tiers:
                  scores2: {reveal: scores, digits: 2}
                  top2: {reveal: topk, k: 2, digits: 1}
                  full: {reveal: scores, features: true, decisionDetails: true}
                accounts:
                  - {id: s, keySha256: %s, tier: scores2}
                  - {id: t, keySha256: %s, tier: top2}
                  - {id: l, keySha256: %s, tier: label}
                  - {id: n, keySha256: %s, tier: none}
                  - {id: f, keySha256: %s, tier: full}
                admin:
                  keySha256: [%s]
                defenses:
                  - type: validate
                  - type: harden
                """.formatted(Accounts.sha256(SCORES_KEY), Accounts.sha256(TOPK_KEY), Accounts.sha256(LABEL_KEY),
                Accounts.sha256(NONE_KEY), Accounts.sha256(FULL_KEY), Accounts.sha256(ADMIN_KEY))), null);
        body = TestServer.imagesBody("r", TestServer.testImages().image(0), TestServer.testImages().image(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode infer(String key) throws Exception {
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", body, key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static JsonNode output(JsonNode response, String name) {
        for (JsonNode o : response.get("outputs")) if (o.get("name").asText().equals(name)) return o;
        return null;
    }

    @Test
    void scoresTierRevealsRoundedLogitsButNotFeatures() throws Exception {
        JsonNode r = infer(SCORES_KEY);
        JsonNode logits = output(r, "logits");
        assertThat(logits.get("shape").toString()).isEqualTo("[2,10]");
        for (JsonNode v : logits.get("data")) assertThat(Math.abs(v.asDouble() * 100 - Math.rint(v.asDouble() * 100))).isLessThan(1e-6);
        assertThat(output(r, "features")).isNull();
        assertThat(r.has("parameters")).isFalse();
    }

    @Test
    void topkTierRevealsKLabelsWithRoundedProbabilities() throws Exception {
        JsonNode r = infer(TOPK_KEY);
        assertThat(r.get("outputs").findValuesAsText("name")).containsExactly("label", "class", "probability");
        assertThat(output(r, "label").get("shape").toString()).isEqualTo("[2,2]");
        assertThat(output(r, "label").get("data").get(0).asText()).isEqualTo("Ankle boot");
        JsonNode p = output(r, "probability").get("data");
        assertThat(p.get(0).asDouble()).isGreaterThanOrEqualTo(p.get(1).asDouble());
        for (JsonNode v : p) assertThat(Math.abs(v.asDouble() * 10 - Math.rint(v.asDouble() * 10))).isLessThan(1e-6);
        assertThat(r.toString()).doesNotContain("logits");
    }

    @Test
    void labelTierRevealsTheTopLabelOnly() throws Exception {
        JsonNode r = infer(LABEL_KEY);
        assertThat(r.get("outputs").findValuesAsText("name")).containsExactly("label", "class");
        assertThat(output(r, "label").get("data").toString()).isEqualTo("[\"Ankle boot\",\"Pullover\"]");
    }

    @Test
    void noneTierRevealsNothing() throws Exception {
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", body, NONE_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("reason").asText()).isEqualTo("nothing_to_reveal");
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("tier (none) reveals no outputs");
    }

    static String metadataOutputs(String key) throws Exception {
        HttpResponse<String> r = server.get("/v2/models/fashion-cnn", key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("outputs").toString();
    }

    @Test
    void metadataListsTheOutputsEachTierReceives() throws Exception {
        assertThat(metadataOutputs(SCORES_KEY)).isEqualTo("[{\"name\":\"logits\",\"datatype\":\"FP32\",\"shape\":[-1,10]}]");
        assertThat(metadataOutputs(FULL_KEY)).contains("\"logits\"", "\"features\"");
        assertThat(metadataOutputs(TOPK_KEY)).isEqualTo("[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1,2]},"
                + "{\"name\":\"class\",\"datatype\":\"INT64\",\"shape\":[-1,2]},"
                + "{\"name\":\"probability\",\"datatype\":\"FP32\",\"shape\":[-1,2]}]");
        assertThat(metadataOutputs(LABEL_KEY)).isEqualTo("[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
                + "{\"name\":\"class\",\"datatype\":\"INT64\",\"shape\":[-1]}]");
        assertThat(metadataOutputs(NONE_KEY)).isEqualTo("[]");
        for (String key : new String[] {SCORES_KEY, TOPK_KEY, LABEL_KEY, FULL_KEY}) {
            JsonNode answer = infer(key);
            JsonNode listed = JSON.readTree(metadataOutputs(key));
            assertThat(answer.get("outputs").findValuesAsText("name")).as(key).isEqualTo(listed.findValuesAsText("name"));
        }
    }

    @Test
    void anOutputTheTierDoesNotGiveIsRefusedNamingWhatItGives() throws Exception {
        String features = body.substring(0, body.length() - 1) + ",\"outputs\":[{\"name\":\"features\"}]}";
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", features, SCORES_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("reason").asText()).isEqualTo("unknown_output");
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("output 'features'", "it gives logits");

        String logits = body.substring(0, body.length() - 1) + ",\"outputs\":[{\"name\":\"logits\"}]}";
        HttpResponse<String> label = server.post("/v2/models/fashion-cnn/infer", logits, LABEL_KEY);
        assertThat(label.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(label.body()).get("error").asText()).contains("output 'logits'", "it gives label, class");

        String onlyClass = body.substring(0, body.length() - 1) + ",\"outputs\":[{\"name\":\"class\"}]}";
        HttpResponse<String> ok = server.post("/v2/models/fashion-cnn/infer", onlyClass, LABEL_KEY);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("outputs").findValuesAsText("name")).containsExactly("class");
    }

    @Test
    void fullTierRevealsFeaturesAndDecisionDetails() throws Exception {
        JsonNode r = infer(FULL_KEY);
        assertThat(output(r, "features").get("shape").toString()).isEqualTo("[2,128]");
        assertThat(r.get("parameters").get("warden").get("action").asText()).isEqualTo("allow");
    }

    @Test
    void outputsFilterKeepsOnlyTheRequestedOutput() throws Exception {
        String filtered = body.substring(0, body.length() - 1) + ",\"outputs\":[{\"name\":\"features\"}]}";
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", filtered, FULL_KEY);
        assertThat(JSON.readTree(r.body()).get("outputs").findValuesAsText("name")).containsExactly("features");
    }

    @Test
    void missingKeyIsRefusedWhenAnonymousAccessIsOff() throws Exception {
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", body, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).get("reason").asText()).isEqualTo("api_key_required");
        assertThat(server.get("/v2/models/fashion-cnn", null).statusCode()).isEqualTo(401);
    }

    @Test
    void wrongKeyIsRefused() throws Exception {
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", body, "not-a-key");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).get("reason").asText()).isEqualTo("invalid_api_key");
        assertThat(r.body()).doesNotContain("not-a-key");
    }

    @Test
    void adminApiNeedsTheAdminKey() throws Exception {
        assertThat(server.get("/admin/policy", null).statusCode()).isEqualTo(401);
        assertThat(server.get("/admin/policy", SCORES_KEY).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = server.get("/admin/policy", ADMIN_KEY);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("models").toString()).contains("fashion-cnn");
        HttpResponse<String> metrics = server.get("/admin/metrics", ADMIN_KEY);
        assertThat(metrics.body()).contains("warden_decisions_total");
    }
}
