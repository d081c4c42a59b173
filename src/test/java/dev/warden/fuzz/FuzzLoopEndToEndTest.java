package dev.warden.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.defense.query.QueryFactory;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.Status;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import dev.warden.fuzz.report.FindingJson;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipClient;
import dev.warden.runtime.Accounts;
import dev.warden.server.RunningServer;
import dev.warden.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop closed over HTTP: 'warden fuzz --target URL --record-failures' finds inputs the running server
 * answers wrongly and records them; they are confirmed in the failure database; the same server (no restart)
 * then refuses them (403 known_failure), and fuzzing again with the same seed meets those refusals.
 */
class FuzzLoopEndToEndTest {
    static final Path HOME = Path.of("").toAbsolutePath();

    @Test
    void fuzzRecordConfirmAndTheRunningServerRefusesTheConfirmedFindings(@TempDir Path dir) throws Exception {
        String db = "jdbc:sqlite:" + dir.resolve("failures.db");
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        byte[] secret = new byte[32];
        new SplittableRandom(11).nextBytes(secret);
        Files.writeString(state.resolve(QueryFactory.SECRET + ".secret"), HexFormat.of().formatHex(secret));
        Path policy = dir.resolve("policy.yaml");
        Path cnn = HOME.resolve("models/fashion-cnn.onnx");
        Files.writeString(policy, """
                version: 1
                anonymous: {allowed: true, tier: label}
                admin: {keySha256: [%s]}
                failures: {url: "%s", refreshMillis: 100}
                state: {dataDir: "%s"}
                models: [{name: fashion-cnn, path: %s}]
                defenses: [{type: validate}, {type: known-failure}, {type: harden}]
                """.formatted(Accounts.sha256("k-admin"), db, state, cnn));
        try (RunningServer server = RunningServer.start(policy, "127.0.0.1", 0, null)) {
            String[] fuzz = {"fuzz", "--target", server.url(), "--local-model", cnn.toString(), "--oracle", "bypass", "--strategy", "random",
                    "--repeats", "1", "--budget", "120", "--max-chain", "1", "--seeds", "20", "--calibration-inputs", "200", "--db", db};
            Path first = dir.resolve("first");
            FuzzCommandTest.Result r1 = FuzzCommandTest.cli(concat(fuzz, "--record-failures", "--out", first.toString()));
            assertThat(r1.code()).as(r1.err()).isZero();
            List<Path> findings = list(first.resolve("findings"));
            assertThat(findings).isNotEmpty();
            JdbcFailureStore store = JdbcFailureStore.open(db);
            List<FailureRecord> recorded = store.list(RecordFilter.all(1000));
            assertThat(recorded).hasSize(findings.size()).allSatisfy(f -> assertThat(f.status()).isEqualTo(Status.NEW));
            // confirmed through the running server's API: the next query is judged against them
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (FailureRecord f : recorded) {
                var confirm = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/failures/" + f.id() + "/confirm"))
                        .header("Authorization", "Bearer k-admin").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
                assertThat(http.send(confirm, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
            assertThat(store.list(RecordFilter.all(1000))).allSatisfy(f -> assertThat(f.status()).isEqualTo(Status.CONFIRMED));

            // the running server now refuses each confirmed finding's input
            OipClient client = new OipClient(server.url(), Duration.ofSeconds(10));
            for (Path f : findings) {
                FindingJson.Body b = FindingJson.read(f);
                Tensor input = Tensor.fp32(b.input().name(), b.input().shape(), b.input().data());
                OipClient.Result res = client.infer("fashion-cnn", new InferRequest(b.id(), Map.of(), List.of(input), List.of()), null);
                assertThat(res.status()).as(b.id()).isEqualTo(403);
                assertThat(res.reason()).isEqualTo("known_failure");
            }

            // fuzzing again with the same seed sends the same inputs: the confirmed ones are refused, not found again
            Path second = dir.resolve("second");
            FuzzCommandTest.Result r2 = FuzzCommandTest.cli(concat(fuzz, "--out", second.toString()));
            assertThat(r2.code()).as(r2.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(second.resolve("report.json").toFile());
            assertThat(report.path("primary").path("refusals").path("known_failure").asLong()).isGreaterThanOrEqualTo(findings.size());
            for (Path f : list(second.resolve("findings"))) {
                FindingJson.Body again = FindingJson.read(f);
                for (Path old : findings) assertThat(again.input().data()).isNotEqualTo(FindingJson.read(old).input().data());
            }
        }
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    static List<Path> list(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
