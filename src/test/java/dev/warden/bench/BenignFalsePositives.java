package dev.warden.bench;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.OipClient;
import dev.warden.runtime.Accounts;
import dev.warden.server.RunningServer;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Benign false positives of a policy over HTTP: the full Fashion-MNIST test set (10,000 images), each sent
 * once, one image per request, in random order, by 100 API-key accounts (request i from account i mod 100),
 * to a real Warden on a free port. The policy is the given one (default: policies/default.yaml) with its
 * model path made absolute and the 100 accounts added (tier {@code scores}); state starts empty.
 * Counts every decision the guard made. With {@code redis} as third argument the policy's state store is
 * switched to Redis on 127.0.0.1:6379 under a fresh key prefix (the keys expire by their TTLs).
 * Usage: tools/bench.sh benign [policy.yaml] [seed] [redis].
 */
public final class BenignFalsePositives {
    public static void main(String[] args) throws Exception {
        Path source = Path.of(args.length > 0 ? args[0] : "policies/default.yaml").toAbsolutePath();
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        LabeledImages test = FashionMnist.fullTest().orElseThrow(() -> new IllegalStateException("needs " + FashionMnist.DEBIAN_DIR));
        Path dir = Files.createTempDirectory("warden-benign");
        List<String> keys = new ArrayList<>();
        StringBuilder accounts = new StringBuilder("accounts:\n");
        for (int i = 0; i < 100; i++) {
            String key = "benign-key-" + i + "-" + Long.toHexString(seed);
            keys.add(key);
            accounts.append("  - {id: user").append(i).append(", tier: scores, keySha256: \"").append(Accounts.sha256(key)).append("\"}\n");
        }
        String yaml = Files.readString(source).replace("accounts: []\n", accounts.toString())
                .replace("path: ../models/", "path: " + source.getParent().resolve("../models").normalize() + "/")
                .replace("dataDir: warden-data", "dataDir: " + dir);
        if (!yaml.contains("user99")) throw new IllegalStateException(source + " has no 'accounts: []' line to fill");
        if (args.length > 2 && args[2].equals("redis")) {
            yaml = RedisPolicy.of(yaml, "warden-bench:" + Long.toHexString(System.nanoTime()) + ":", source);
        }
        Path policy = dir.resolve(source.getFileName());
        Files.writeString(policy, yaml);
        AttackDetectionEval.copyCalibration(source, dir);

        int[] order = shuffled(test.count(), seed);
        Map<Integer, Integer> statuses = new TreeMap<>();
        int correct = 0;
        int degraded = 0;
        org.HdrHistogram.Histogram latency = new org.HdrHistogram.Histogram(3);
        long start = System.nanoTime();
        try (RunningServer server = RunningServer.start(policy, "127.0.0.1", 0, null)) {
            OipClient client = new OipClient(server.url(), Duration.ofSeconds(30));
            String model = server.live().current().guards().keySet().stream().sorted().findFirst().orElseThrow();
            ImageQueries queries = ImageQueries.fromMetadata(client.get("/v2/models/" + model, keys.get(0)));
            for (int i = 0; i < order.length; i++) {
                int img = order[i];
                long t0 = System.nanoTime();
                OipClient.Result r = client.infer(model, queries.request("benign-" + img, List.of(test.image(img))), keys.get(i % 100));
                latency.recordValue((System.nanoTime() - t0) / 1000);
                statuses.merge(r.status(), 1, Integer::sum);
                if (r.ok() && r.response().outputs().isEmpty()) degraded++;
                else if (r.ok() && ImageQueries.predictedClasses(r.response(), 1)[0] == test.label(img)) correct++;
            }
            Map<String, Long> decisions = new TreeMap<>();
            for (Counter c : server.metrics().find("warden.decisions").counters()) {
                decisions.merge(c.getId().getTag("action") + "/" + c.getId().getTag("reason"), (long) c.count(), Long::sum);
            }
            long flagged = decisions.entrySet().stream().filter(e -> !e.getKey().startsWith("allow/")).mapToLong(Map.Entry::getValue).sum();
            System.out.printf(Locale.ROOT, "policy %s, seed %d: %d images, %d accounts, %.1f s%n", source, seed, order.length, keys.size(),
                    (System.nanoTime() - start) / 1e9);
            System.out.println("HTTP statuses: " + statuses + "; request latency (client side, one at a time): p50 "
                    + latency.getValueAtPercentile(50) / 1000.0 + " ms, p99 " + latency.getValueAtPercentile(99) / 1000.0 + " ms");
            System.out.println("guard decisions (action/reason): " + decisions + "; answers degraded to nothing: " + degraded);
            System.out.printf(Locale.ROOT, "flagged, rejected or locked out: %d of %d = %.3f%%; accuracy of answered: %.2f%%%n",
                    flagged, order.length, 100.0 * flagged / order.length, 100.0 * correct / order.length);
        }
    }

    /** 0 .. n-1 in a seeded random order (Fisher-Yates). */
    public static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
