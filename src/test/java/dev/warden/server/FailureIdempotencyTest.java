package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.failures.FailureCase;
import dev.warden.failures.RecordJson;
import dev.warden.failures.SampleFailures;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.runtime.Accounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/failures with an Idempotency-Key header: a retried add answers the first record and stores nothing. */
class FailureIdempotencyTest {
    static final String ADMIN = "admin-key";
    @TempDir
    Path dir;

    @Test
    void aRetriedPostWithTheSameKeyGetsTheFirstRecordOnSqlite() throws Exception {
        retriedPostsStoreOneRecord(dir, "jdbc:sqlite:" + dir.resolve("f.db"));
    }

    /** The same over a server on {@code url}; the policy goes to {@code dir}. PostgreSQL: {@code FailureIdempotencyIT}. */
    static void retriedPostsStoreOneRecord(Path dir, String url) throws Exception {
        try (RunningServer server = RunningServer.start(policy(dir, url), "127.0.0.1", 0, null)) {
            String one = body(SampleFailures.sample(1));
            HttpResponse<String> first = post(server, one, "client-retry-0001");
            assertThat(first.statusCode()).isEqualTo(201);
            String id = RecordJson.MAPPER.readTree(first.body()).path("id").asText();

            HttpResponse<String> again = post(server, one, "client-retry-0001");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(RecordJson.MAPPER.readTree(again.body())).isEqualTo(RecordJson.MAPPER.readTree(first.body()));

            HttpResponse<String> reused = post(server, body(SampleFailures.sample(2)), "client-retry-0001");
            assertThat(reused.statusCode()).isEqualTo(422);
            JsonNode error = RecordJson.MAPPER.readTree(reused.body());
            assertThat(error.path("reason").asText()).isEqualTo("idempotency_key_reused");
            assertThat(error.path("error").asText()).contains(id);

            HttpResponse<String> bad = post(server, one, "has space");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(RecordJson.MAPPER.readTree(bad.body()).path("reason").asText()).isEqualTo("bad_idempotency_key");

            assertThat(post(server, one, null).statusCode()).as("no key: a new record").isEqualTo(201);
            assertThat(JdbcFailureStore.open(url).count()).isEqualTo(2);
        }
    }

    static String body(FailureCase c) {
        ObjectNode body = RecordJson.MAPPER.createObjectNode();
        body.set("record", RecordJson.write(c.record()));
        ObjectNode blobs = body.putObject("blobs");
        for (Map.Entry<String, byte[]> e : c.blobs().entrySet()) blobs.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue()));
        return RecordJson.toText(body);
    }

    static HttpResponse<String> post(RunningServer server, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/failures"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) b.header("Idempotency-Key", key);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Path policy(Path dir, String url) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                version: 1
                admin: {keySha256: [%s]}
                failures: {url: "%s", capture: false}
                models:
                  - name: fashion-cnn
                    path: %s
                defenses:
                  - type: validate
                """.formatted(Accounts.sha256(ADMIN), url, Path.of("models/fashion-cnn.onnx").toAbsolutePath()));
        return file;
    }
}
