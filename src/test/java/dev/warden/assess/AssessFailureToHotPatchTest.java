package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.cli.WardenCommand;
import dev.warden.data.FashionMnist;
import dev.warden.defense.query.QueryFactory;
import dev.warden.failures.EvidenceInput;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.store.RecordFilter;
import dev.warden.failures.TensorBytes;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipClient;
import dev.warden.runtime.Accounts;
import dev.warden.server.RunningServer;
import dev.warden.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 6's loop, end to end: 'warden assess --record-failures' finds an adversarial example on the bundled
 * CNN and records it; 'warden failures confirm' confirms it; a running server then rejects that exact
 * input, and the same image with small noise, on their next submission, without a restart. The policy has
 * no query detector: known-failure keys its fingerprints with the deployment's secret all the same (fixed
 * here, in the state folder, so that the test does not depend on a random key).
 */
class AssessFailureToHotPatchTest {
    static final Path HOME = Path.of("").toAbsolutePath();

    static int cli(String... args) {
        CommandLine cli = WardenCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void anAdversarialExampleFoundByAssessAndConfirmedIsRejectedByTheRunningServer(@TempDir Path dir) throws Exception {
        String db = "jdbc:sqlite:" + dir.resolve("failures.db");
        assertThat(cli("assess", "--target", "model:" + HOME.resolve("models/fashion-cnn.onnx"), "--attack", "square",
                "--samples", "1", "--budget", "2000", "--record-failures", "--db", db, "--out", dir.resolve("report").toString())).isZero();
        JdbcFailureStore store = JdbcFailureStore.open(db);
        List<FailureRecord> found = store.list(RecordFilter.all(100));
        assertThat(found).hasSize(1);
        FailureRecord record = found.get(0);
        assertThat(record.evidence().attack().attack()).isEqualTo("square");
        EvidenceInput evidence = record.evidence().inputs().get(0);
        long[] shape = evidence.shape().stream().mapToLong(Long::longValue).toArray();
        Tensor adversarial = TensorBytes.decode(evidence.name(), evidence.datatype(), shape, store.blob(evidence.sha256()).orElseThrow());

        Path state = dir.resolve("state");
        Files.createDirectories(state);
        byte[] secret = new byte[32];
        new SplittableRandom(11).nextBytes(secret);
        Files.writeString(state.resolve(QueryFactory.SECRET + ".secret"), HexFormat.of().formatHex(secret));
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                version: 1
                anonymous: {allowed: true, tier: label}
                admin: {keySha256: [%s]}
                failures: {url: "%s", refreshMillis: 100}
                state: {dataDir: "%s"}
                models: [{name: fashion-cnn, path: %s}]
                defenses: [{type: validate}, {type: known-failure}, {type: harden}]
                """.formatted(Accounts.sha256("k-admin"), db, state, HOME.resolve("models/fashion-cnn.onnx")));
        try (RunningServer server = RunningServer.start(policy, "127.0.0.1", 0, null)) {
            OipClient client = new OipClient(server.url(), Duration.ofSeconds(10));
            InferRequest request = new InferRequest("adv", Map.of(), List.of(adversarial), List.of());
            InferRequest noisy = new InferRequest("adv-noisy", Map.of(), List.of(noisy(adversarial, 2 / 255.0, new SplittableRandom(3))), List.of());
            InferRequest clean = new InferRequest("clean", Map.of(), List.of(Tensor.fp32("input", shape, FashionMnist.bundledTest(HOME).image(1))), List.of());
            OipClient.Result before = client.infer("fashion-cnn", request, null);
            assertThat(before.status()).isEqualTo(200);
            int predicted = (int) before.response().outputs().get(1).values()[0];
            assertThat(predicted).as("the recorded example still fools the model").isNotEqualTo(record.evidence().expected().get("label").asInt());
            assertThat(client.infer("fashion-cnn", noisy, null).status()).as("its noisy copy, before the confirm").isEqualTo(200);

            assertThat(cli("failures", "confirm", record.id(), "--db", db)).isZero();
            OipClient.Result after;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            do {
                after = client.infer("fashion-cnn", request, null);
                if (after.status() == 200) Thread.sleep(20);
            } while (after.status() == 200 && System.nanoTime() < deadline);
            assertThat(after.status()).isEqualTo(403);
            assertThat(after.reason()).isEqualTo("known_failure");
            OipClient.Result near = client.infer("fashion-cnn", noisy, null);
            assertThat(near.status()).as("the same image with noise of +-2/255").isEqualTo(403);
            assertThat(near.reason()).isEqualTo("known_failure");
            assertThat(near.error()).contains(record.id());
            assertThat(client.infer("fashion-cnn", clean, null).status()).as("another image").isEqualTo(200);
            assertThat(HexFormat.of().parseHex(Files.readString(state.resolve(QueryFactory.SECRET + ".secret")).trim()))
                    .as("the stored secret is used, not replaced").isEqualTo(secret);
        }
    }

    /** Uniform noise of +-{@code amplitude} on each value, clipped to the model's range [0, 1]. */
    static Tensor noisy(Tensor t, double amplitude, SplittableRandom r) {
        double[] v = t.values().clone();
        for (int i = 0; i < v.length; i++) v[i] = Math.min(1, Math.max(0, v[i] + amplitude * (r.nextDouble() * 2 - 1)));
        return Tensor.fp32(t.name(), t.shape(), v);
    }
}
