package dev.warden.defense.knownfailure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.defense.query.QueryFactory;
import dev.warden.failures.AffectedModel;
import dev.warden.failures.AttackParams;
import dev.warden.failures.FailureCaseBuilder;
import dev.warden.failures.FailureRecorder;
import dev.warden.failures.Status;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipClient;
import dev.warden.runtime.Accounts;
import dev.warden.server.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot patch end to end: a failure recorded from a real query's input through the bundled CNN is
 * confirmed, and the running server rejects the next identical submission, and a copy with small noise,
 * without a restart.
 */
class KnownFailureHotPatchTest {
    static final String ADMIN_KEY = "test-admin-key";
    static final Path HOME = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aConfirmedFailureIsRejectedOnItsNextSubmissionWithoutARestart() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("failures.db");
        try (RunningServer server = RunningServer.start(policy(dir, url), "127.0.0.1", 0, null)) {
            OipClient client = new OipClient(server.url(), Duration.ofSeconds(10));
            LabeledImages test = FashionMnist.bundledTest(HOME);
            ImageQueries queries = ImageQueries.fromMetadata(client.get("/v2/models/fashion-cnn", null));
            InferRequest attack = queries.request("adv", List.of(test.image(0)));
            InferRequest other = queries.request("other", List.of(test.image(1)));
            assertThat(client.infer("fashion-cnn", attack, null).status()).isEqualTo(200);

            // What 'warden assess' does with a successful attack: record it, with its evidence, through a FailureRecorder.
            FailureRecorder recorder = JdbcFailureStore.open(url);
            String id = recorder.record(FailureCaseBuilder.adversarialExample(new AffectedModel("fashion-cnn", "1", null),
                    attack.inputs().get(0), test.label(0), "true", 6, "Shirt", new AttackParams("hsj", "l2", 1.5, 900L, 7L)).build());
            assertThat(client.infer("fashion-cnn", attack, null).status()).as("a new, unconfirmed record blocks nothing").isEqualTo(200);

            HttpResponse<String> confirm = post(server.url() + "/api/failures/" + id + "/confirm", ADMIN_KEY);
            assertThat(confirm.statusCode()).isEqualTo(200);
            assertThat(confirm.body()).contains("\"status\":\"confirmed\"");

            OipClient.Result again = client.infer("fashion-cnn", attack, null);
            assertThat(again.status()).isEqualTo(403);
            assertThat(again.reason()).isEqualTo("known_failure");
            assertThat(again.error()).contains(id);
            double[] noisy = FingerprintMatcherTest.noisy(test.image(0), 2 / 255.0, new SplittableRandom(4));
            OipClient.Result near = client.infer("fashion-cnn", queries.request("near", List.of(noisy)), null);
            assertThat(near.reason()).as("the same image with noise of +-2/255").isEqualTo("known_failure");
            assertThat(client.infer("fashion-cnn", other, null).status()).isEqualTo(200);
            InferRequest batch = queries.request("batch", List.of(test.image(1), test.image(0)));
            assertThat(client.infer("fashion-cnn", batch, null).reason()).isEqualTo("known_failure");
        }
    }

    @Test
    void aFailureConfirmedByAnotherProcessIsPickedUpWithinTheRefreshInterval() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("failures.db");
        try (RunningServer server = RunningServer.start(policy(dir, url), "127.0.0.1", 0, null)) {
            OipClient client = new OipClient(server.url(), Duration.ofSeconds(10));
            LabeledImages test = FashionMnist.bundledTest(HOME);
            ImageQueries queries = ImageQueries.fromMetadata(client.get("/v2/models/fashion-cnn", null));
            InferRequest attack = queries.request("adv", List.of(test.image(2)));
            JdbcFailureStore other = JdbcFailureStore.open(url);
            String id = other.record(FailureCaseBuilder.adversarialExample(new AffectedModel("fashion-cnn", "1", null),
                    attack.inputs().get(0), test.label(2), "true", 0, "T-shirt/top", null).build());
            long confirmed = System.nanoTime();
            other.setStatus(id, Status.CONFIRMED);
            long deadline = confirmed + Duration.ofSeconds(10).toNanos();
            OipClient.Result r;
            do {
                r = client.infer("fashion-cnn", attack, null);
                if (r.status() != 403) Thread.sleep(20);
            } while (r.status() != 403 && System.nanoTime() < deadline);
            double ms = (System.nanoTime() - confirmed) / 1e6;
            assertThat(r.reason()).isEqualTo("known_failure");
            assertThat(ms).isLessThan(3_000);
            System.out.printf("confirmed out of process: rejected after %.0f ms (refreshMillis 200)%n", ms);
        }
    }

    /** The policy; its state folder holds a fixed fingerprint secret, so that the noisy copy's match does not depend on a random key. */
    static Path policy(Path dir, String url) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve(QueryFactory.SECRET + ".secret"), HexFormat.of().formatHex(FingerprintMatcherTest.secret(12)));
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                version: 1
                anonymous: {allowed: true, tier: label}
                admin: {keySha256: [%s]}
                failures: {url: "%s", refreshMillis: 200}
                state: {dataDir: "%s"}
                models:
                  - name: fashion-cnn
                    path: %s
                defenses:
                  - type: validate
                  - type: known-failure
                  - type: harden
                """.formatted(Accounts.sha256(ADMIN_KEY), url, state, HOME.resolve("models/fashion-cnn.onnx")));
        return file;
    }

    static HttpResponse<String> post(String url, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
