package dev.warden.state;

import dev.warden.policy.RedisSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;

/**
 * The Redis fingerprint index alone, on a private redis-server (so that Redis's own counters are this run's):
 * fills the index with {@code fill} queries of 20 random hashes (the default query detector's limits:
 * capacity 100,000, 8 postings per hash), then measures {@code measured} single-query calls, one in ten sharing
 * 12 hashes with a recent query so that matches happen. Reports the client's wall time per call, the script's
 * own time in Redis (INFO commandstats, EVALSHA usec per call), the commands it ran and the keys it looked up
 * (keyspace hits + misses) per query, and Redis memory per stored query after the fill (used_memory delta over
 * min(fill, capacity), the queries that can still match). Usage: tools/bench.sh redis-index [fill] [measured] [capacity].
 */
public final class RedisIndexBenchmark {
    public static void main(String[] args) throws Exception {
        int fill = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int capacity = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        FingerprintIndex.Limits limits = new FingerprintIndex.Limits(20, capacity, Duration.ofHours(1), 8);
        try (RedisFixture.Private server = new RedisFixture.Private()) {
            server.start();
            try (Jedis admin = new Jedis("127.0.0.1", server.port());
                 RedisStateStore store = RedisStateStore.connect(new RedisSettings(server.url(), "bench:", 10_000, null, null), "bench:",
                         Clock.systemUTC(), new SimpleMeterRegistry())) {
                run(admin, store.fingerprints("query:bench", limits), fill, measured, capacity);
            }
        }
    }

    static void run(Jedis admin, FingerprintIndex index, int fill, int measured, int capacity) {
        SplittableRandom r = new SplittableRandom(7);
        Fingerprint[] recent = new Fingerprint[64];
        index.matchAndAdd(List.of(random(r)), "warm", Instant.now());
        long memory0 = usedMemory(admin);
        long t0 = System.nanoTime();
        for (int done = 1; done < fill; ) {
            int n = Math.min(64, fill - done);
            List<Fingerprint> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) batch.add(random(r));
            index.matchAndAdd(batch, "acct" + (done % 100), Instant.now());
            done += n;
        }
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        long memory = usedMemory(admin) - memory0;
        long stored = Math.min(fill, capacity);
        System.out.printf(Locale.ROOT, "fill %,d queries (batches of 64) in %.1f s; used_memory +%,d bytes, %,d keys: %.0f bytes per stored query (of %,d that can match)%n",
                fill, fillSeconds, memory, admin.dbSize(), memory / (double) stored, stored);
        System.out.println("  keys by encoding: " + encodings(admin));
        for (int i = 0; i < recent.length; i++) recent[i] = random(r);

        admin.configResetStat();
        Histogram wall = new Histogram(3);
        int matches = 0;
        for (int i = 0; i < measured; i++) {
            Fingerprint f = i % 10 == 0 ? sharing(recent[r.nextInt(recent.length)], 12, r) : random(r);
            recent[i % recent.length] = f;
            long s = System.nanoTime();
            FingerprintIndex.Match m = index.matchAndAdd(List.of(f), "acct" + (i % 100), Instant.now()).get(0);
            wall.recordValue(System.nanoTime() - s);
            if (m.shared() >= 9) matches++;
        }
        Map<String, long[]> stats = commandStats(admin);
        long[] script = stats.getOrDefault("evalsha", new long[2]);
        long commands = 0;
        for (Map.Entry<String, long[]> e : stats.entrySet()) {
            if (!e.getKey().equals("evalsha") && !e.getKey().startsWith("config") && !e.getKey().startsWith("info")) commands += e.getValue()[0];
        }
        Map<String, String> info = section(admin, "stats");
        long lookups = Long.parseLong(info.get("keyspace_hits")) + Long.parseLong(info.get("keyspace_misses"));
        System.out.printf(Locale.ROOT, "%,d single-query calls (%,d matched >= 9): client wall p50 %.0f us, p90 %.0f, p99 %.0f, max %.0f; "
                        + "script in Redis %.1f us per call; %.1f commands and %.1f key lookups per query%n",
                measured, matches, wall.getValueAtPercentile(50) / 1e3, wall.getValueAtPercentile(90) / 1e3,
                wall.getValueAtPercentile(99) / 1e3, wall.getMaxValue() / 1e3, script[1] / (double) Math.max(1, script[0]),
                commands / (double) measured, lookups / (double) measured);
        StringBuilder per = new StringBuilder("  commands per query:");
        stats.forEach((name, v) -> {
            if (!name.equals("evalsha") && !name.startsWith("config")) per.append(String.format(Locale.ROOT, " %s %.2f", name, v[0] / (double) measured));
        });
        System.out.println(per);
    }

    /** How many keys Redis stores in each encoding (a hash of more than 128 fields leaves the compact listpack). */
    static Map<String, Integer> encodings(Jedis admin) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        String cursor = redis.clients.jedis.params.ScanParams.SCAN_POINTER_START;
        do {
            var page = admin.scan(cursor, new redis.clients.jedis.params.ScanParams().count(1000));
            for (String key : page.getResult()) out.merge(admin.objectEncoding(key), 1, Integer::sum);
            cursor = page.getCursor();
        } while (!cursor.equals(redis.clients.jedis.params.ScanParams.SCAN_POINTER_START));
        return out;
    }

    static Fingerprint random(SplittableRandom r) {
        long[] h = new long[20];
        for (int i = 0; i < h.length; i++) h[i] = r.nextLong();
        return new Fingerprint(h, r.nextInt());
    }

    static Fingerprint sharing(Fingerprint f, int keep, SplittableRandom r) {
        long[] h = f.hashes();
        for (int i = keep; i < h.length; i++) h[i] = r.nextLong();
        return new Fingerprint(h, r.nextInt());
    }

    static long usedMemory(Jedis admin) {
        return Long.parseLong(section(admin, "memory").get("used_memory"));
    }

    static Map<String, String> section(Jedis admin, String name) {
        Map<String, String> out = new HashMap<>();
        for (String line : admin.info(name).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) out.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return out;
    }

    /** Per command: {calls, usec}. */
    static Map<String, long[]> commandStats(Jedis admin) {
        Map<String, long[]> out = new java.util.TreeMap<>();
        section(admin, "commandstats").forEach((k, v) -> {
            String name = k.substring("cmdstat_".length());
            long calls = 0, usec = 0;
            for (String part : v.split(",")) {
                if (part.startsWith("calls=")) calls = Long.parseLong(part.substring(6));
                if (part.startsWith("usec=")) usec = Long.parseLong(part.substring(5));
            }
            out.put(name, new long[]{calls, usec});
        });
        return out;
    }
}
