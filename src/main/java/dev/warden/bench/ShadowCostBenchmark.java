package dev.warden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.OipClient;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.Accounts;
import dev.warden.server.RunningServer;
import dev.warden.update.UpdateManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What shadow traffic costs the request path: a Warden on the default policy (lockout kept from degrading or banning
 * the one client) with the bundled update started
 * (fashion-cnn-v2 beside the default's fashion-cnn), one client sending the bundled test images one per request, each image
 * once (so the query detector sees no repeats), after a warm-up, in blocks of 0% and 100% mirroring ordered ABBA. The copy
 * runs on another thread; on a small machine it competes with the request path for the cores, which is what
 * this measures. Usage: {@code ./warden bench update-shadow [--iterations N]} (N measured requests, at most 1800).
 */
public final class ShadowCostBenchmark {
    static final int BLOCK = 100;
    static final int WARMUP = 200;

    public record Result(Histogram off, Histogram on, long copied, long dropped, int requests, Map<String, Integer> refused) {
        public String markdown(String command) {
            return String.format(Locale.ROOT, """
                    `%s` (%d measured requests after %d warm-up ones; blocks of %d in the order 0%%, 100%%, 100%%, 0%%; one client, loopback HTTP):

                    | mirroring | p50 ms | p99 ms |
                    | --- | --- | --- |
                    | 0%% | %.3f | %.3f |
                    | 100%% | %.3f | %.3f |

                    p50 ratio %.2f, p99 ratio %.2f (answered requests only: %d at 0%%, %d at 100%%; refused, untimed: %s);
                    %d queries copied to the candidate, %d dropped.
                    """, command, requests, WARMUP, BLOCK, ms(off, 50), ms(off, 99), ms(on, 50), ms(on, 99),
                    (double) on.getValueAtPercentile(50) / off.getValueAtPercentile(50),
                    (double) on.getValueAtPercentile(99) / off.getValueAtPercentile(99), off.getTotalCount(), on.getTotalCount(),
                    refused.isEmpty() ? "none" : refused, copied, dropped);
        }

        private static double ms(Histogram h, double p) {
            return h.getValueAtPercentile(p) / 1e6;
        }
    }

    private ShadowCostBenchmark() {
    }

    /**
     * policies/default.yaml with its paths resolved from {@code home}, this run's admin key, data folder and failure
     * database, no rate limit, and a lockout that neither degrades nor bans: one client sends everything, and the
     * lockout would otherwise time refusals, not answers. Edited as a tree, so a changed comment or setting in the
     * default cannot leave an edit unapplied.
     */
    static String policy(Path home, Path dir, String admin) throws IOException {
        Path source = home.resolve("policies/default.yaml");
        ObjectNode root = (ObjectNode) PolicyLoader.YAML.readTree(Files.readString(source));
        root.put("calibration", source.resolveSibling(root.get("calibration").asText()).normalize().toString());
        for (JsonNode model : root.withArrayProperty("models")) {
            ((ObjectNode) model).put("path", source.resolveSibling(model.get("path").asText()).normalize().toString());
        }
        root.putObject("admin").putArray("keySha256").add(Accounts.sha256(admin));
        root.withObjectProperty("state").put("dataDir", dir.resolve("data").toString());
        root.withObjectProperty("server").putObject("rateLimit").put("requestsPerSecond", 100000).put("burst", 100000);
        for (JsonNode defense : root.withArrayProperty("defenses")) {
            if (!defense.path("type").asText().equals("lockout")) continue;
            ((ObjectNode) defense).putArray("degrade");
            ((ObjectNode) defense).put("banAfter", 100000);
            ((ObjectNode) defense).put("queryWindow", 0);   // strikes by time only: a window of images must hold banAfter
        }
        root.putObject("failures").put("url", "jdbc:sqlite:" + dir.resolve("failures.db"));
        return PolicyLoader.YAML.writeValueAsString(root);
    }

    public static Result run(Path home, int requests) throws IOException {
        LabeledImages test = FashionMnist.bundledTest(home);
        int n = Math.min(requests, test.count() - WARMUP);
        Path dir = Files.createTempDirectory("warden-bench-shadow-");
        String admin = "bench-admin";
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, policy(home, dir, admin));
        Histogram off = new Histogram(3_600_000_000_000L, 3);
        Histogram on = new Histogram(3_600_000_000_000L, 3);
        Map<String, Integer> refused = new java.util.TreeMap<>();
        try (RunningServer server = RunningServer.start(file, "127.0.0.1", 0, null)) {
            UpdateManager updates = server.updates();
            updates.start(new UpdateManager.StartRequest("fashion-cnn", home.resolve("models/fashion-cnn-v2.onnx").toString(), null, 0, null, 2000));
            OipClient client = new OipClient(server.url(), Duration.ofSeconds(30));
            ImageQueries queries = ImageQueries.fromMetadata(client.get("/v2/models/fashion-cnn", null));
            // Warm-up on the last images (JIT, connections, the candidate's first copies), then the measured blocks in the
            // order off, on, on, off (ABBA), so that neither side always comes first after a switch.
            for (int i = 0; i < WARMUP; i++) {
                if (i % BLOCK == 0) updates.shadow("fashion-cnn", (i / BLOCK) % 2 == 0 ? 100 : 0);
                client.infer("fashion-cnn", queries.request("w" + i, List.of(test.image(test.count() - 1 - i))), null);
            }
            updates.drainShadow(30_000);
            long warmCopies = ((Number) ((Map<?, ?>) updates.status("fashion-cnn").get("shadow")).get("copied")).longValue();
            for (int i = 0; i < n; i++) {
                int block = (i / BLOCK) % 4;
                boolean mirrored = block == 1 || block == 2;
                if (i % BLOCK == 0) updates.shadow("fashion-cnn", mirrored ? 100 : 0);
                long start = System.nanoTime();
                OipClient.Result r = client.infer("fashion-cnn", queries.request("b" + i, List.of(test.image(i))), null);
                long nanos = System.nanoTime() - start;
                // Only answered requests are timed: a refusal (the guard's, or a lockout's 429) skips the model and the copy.
                if (r.ok()) (mirrored ? on : off).recordValue(Math.max(1, nanos));
                else refused.merge(r.status() + " " + r.reason(), 1, Integer::sum);
            }
            updates.drainShadow(30_000);
            Map<?, ?> shadow = (Map<?, ?>) updates.status("fashion-cnn").get("shadow");
            return new Result(off, on, ((Number) shadow.get("copied")).longValue() - warmCopies, ((Number) shadow.get("dropped")).longValue(), n, refused);
        }
    }
}
