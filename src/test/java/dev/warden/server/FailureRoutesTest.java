package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.failures.FailureRecord;
import dev.warden.failures.SampleFailures;
import dev.warden.failures.exchange.FeedPuller;
import dev.warden.failures.exchange.ImportReport;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import dev.warden.runtime.Accounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only feed, its scopes, and 'failures pull' from one Warden into another's database. */
class FailureRoutesTest {
    static final String ADMIN = "admin-key";
    static final String READER = "reader-key";
    static final String PLAIN = "plain-key";

    @TempDir
    Path dir;

    @Test
    void theFeedNeedsTheReadScopeAndPullImportsItOnceWithProvenance() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("a.db");
        JdbcFailureStore source = JdbcFailureStore.open(url);
        for (int i = 0; i < 3; i++) source.add(SampleFailures.sample(i));
        try (RunningServer server = RunningServer.start(policy(url), "127.0.0.1", 0, null)) {
            assertThat(get(server.url() + "/api/failures", null).statusCode()).isEqualTo(401);
            assertThat(get(server.url() + "/api/failures", PLAIN).statusCode()).isEqualTo(403);
            HttpResponse<String> feed = get(server.url() + "/api/failures?limit=2", READER);
            assertThat(feed.statusCode()).isEqualTo(200);
            assertThat(feed.body()).contains("\"next\":\"" + source.list(RecordFilter.all(2)).get(1).id() + "\"");
            assertThat(get(server.url() + "/api/failures/search?q=sample+failure+1", READER).body()).contains("Sample failure 1 ");
            String first = source.list(RecordFilter.all(1)).get(0).id();
            assertThat(post(server.url() + "/api/failures/" + first + "/confirm", READER).statusCode()).isEqualTo(401);
            assertThat(post(server.url() + "/api/failures/" + first + "/confirm", ADMIN).statusCode()).isEqualTo(200);

            JdbcFailureStore mine = JdbcFailureStore.open("jdbc:sqlite:" + dir.resolve("b.db"));
            ImportReport report = new FeedPuller(server.url(), READER).pull(mine);
            assertThat(report.imported()).isEqualTo(3);
            List<FailureRecord> pulled = mine.list(RecordFilter.all(10));
            assertThat(pulled).extracting(r -> r.provenance().origin()).containsOnly(server.url());
            assertThat(pulled.get(0).withProvenance(null)).isEqualTo(source.get(first).orElseThrow());
            String sha = pulled.get(0).evidence().inputs().get(0).sha256();
            assertThat(mine.blob(sha).orElseThrow()).isEqualTo(source.blob(sha).orElseThrow());
            assertThat(new FeedPuller(server.url(), READER).pull(mine).skipped()).isEqualTo(3);
        }
    }

    Path policy(String url) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                version: 1
                anonymous: {allowed: true, tier: label}
                admin: {keySha256: [%s]}
                accounts:
                  - {id: reader, keySha256: %s, tier: label, scopes: ["failures:read"]}
                  - {id: plain, keySha256: %s, tier: label}
                failures: {url: "%s"}
                models:
                  - name: fashion-cnn
                    path: %s
                defenses:
                  - type: validate
                """.formatted(Accounts.sha256(ADMIN), Accounts.sha256(READER), Accounts.sha256(PLAIN), url,
                Path.of("models/fashion-cnn.onnx").toAbsolutePath()));
        return file;
    }

    static HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) b.header("Authorization", "Bearer " + key);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
