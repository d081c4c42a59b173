package dev.warden.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A soak of the request path: valid inference requests mixed with the hostile corpus
 * ({@link HostileRequests}) at a bounded rate against a loopback server for N minutes, printing a line a
 * minute (traffic, statuses, valid latency, this process's RSS and heap) and a summary that fails on any
 * 5xx (505 aside) or unanswered request. Heap and RSS describe the server only when it runs in process.
 */
public final class SoakRun {
    public static final int MAX_MINUTES = 24 * 60;
    public static final double MAX_RATE = 50;
    static final int WORKERS = 8;
    static final int TIMEOUT_MILLIS = 60_000;

    public record Config(int minutes, double requestsPerSecond, double hostileShare) {
        public Config {
            if (minutes < 1 || minutes > MAX_MINUTES) throw new IllegalArgumentException("--minutes must be between 1 and " + MAX_MINUTES);
            if (requestsPerSecond <= 0 || requestsPerSecond > MAX_RATE) throw new IllegalArgumentException("--rate must be in (0, " + MAX_RATE + "]");
            if (hostileShare < 0 || hostileShare > 1) throw new IllegalArgumentException("--hostile-share must be between 0 and 1");
        }
    }

    /** Counts of one minute or of the whole run. */
    static final class Tally {
        long valid;
        long hostile;
        long skipped;
        final TreeMap<Integer, Long> validStatuses = new TreeMap<>();
        final TreeMap<Integer, Long> hostileStatuses = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        double[] latencies = new double[1024];
        int latencyCount;

        synchronized void record(boolean isValid, String what, RawHttp.Answer a) {
            (isValid ? validStatuses : hostileStatuses).merge(a.status(), 1L, Long::sum);
            if (isValid) {
                valid++;
                if (latencyCount == latencies.length) latencies = Arrays.copyOf(latencies, latencyCount * 2);
                latencies[latencyCount++] = a.millis();
            } else {
                hostile++;
            }
            boolean bad = a.status() <= 0 || (a.status() >= 500 && a.status() != 505);
            if (bad && failures.size() < 50) failures.add(what + " -> " + a.status() + " " + a.body().lines().findFirst().orElse(""));
        }

        synchronized long failureCount() {
            long n = 0;
            for (TreeMap<Integer, Long> m : List.of(validStatuses, hostileStatuses)) {
                for (var e : m.entrySet()) if (e.getKey() <= 0 || (e.getKey() >= 500 && e.getKey() != 505)) n += e.getValue();
            }
            return n;
        }

        synchronized double percentile(double p) {
            if (latencyCount == 0) return Double.NaN;
            double[] sorted = Arrays.copyOf(latencies, latencyCount);
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
        }
    }

    private SoakRun() {
    }

    /** Runs the soak; returns true when no request got a 5xx (505 aside) or went unanswered. */
    public static boolean run(ServerTarget target, Config config, PrintStream out) throws InterruptedException {
        List<HostileRequests.Hostile> corpus = HostileRequests.corpus(target.http(), target.model(), target.image(0));
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "soak");
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(WORKERS);
        Tally total = new Tally();
        long startRss = rssKiB();
        long startHeap = heapMiB();
        out.printf(Locale.ROOT, "soak: %d min against %s, %.1f requests/s, %.0f%% hostile (%d hostile requests in the corpus); RSS %d MiB, heap after GC %d MiB%n",
                config.minutes(), target.url(), config.requestsPerSecond(), config.hostileShare() * 100, corpus.size(), startRss / 1024, startHeap);
        long gapNanos = (long) (1e9 / config.requestsPerSecond());
        long start = System.nanoTime();
        int sent = 0;
        try {
            for (int minute = 1; minute <= config.minutes(); minute++) {
                Tally tally = new Tally();
                long minuteEnd = start + TimeUnit.MINUTES.toNanos(minute);
                while (System.nanoTime() < minuteEnd) {
                    long due = start + sent * gapNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                    int i = sent++;
                    if (!slots.tryAcquire()) {
                        synchronized (tally) {
                            tally.skipped++;
                        }
                        continue;
                    }
                    boolean hostile = ThreadLocalRandom.current().nextDouble() < config.hostileShare();
                    HostileRequests.Hostile h = hostile ? corpus.get(ThreadLocalRandom.current().nextInt(corpus.size())) : null;
                    workers.execute(() -> {
                        try {
                            RawHttp.Answer a = h == null ? target.http().exchange(target.valid(i), false, TIMEOUT_MILLIS)
                                    : target.http().exchange(h.request(), h.halfClose(), TIMEOUT_MILLIS);
                            String what = h == null ? "valid request " + i : h.toString();
                            tally.record(h == null, what, a);
                            total.record(h == null, what, a);
                        } finally {
                            slots.release();
                        }
                    });
                }
                synchronized (tally) {
                    total.skipped += tally.skipped;
                }
                out.printf(Locale.ROOT, "minute %d: %d valid %s, %d hostile %s, %d skipped (all workers busy), valid p50 %.0f ms p99 %.0f ms, RSS %d MiB, heap after GC %d MiB%n",
                        minute, tally.valid, tally.validStatuses, tally.hostile, tally.hostileStatuses, tally.skipped,
                        tally.percentile(50), tally.percentile(99), rssKiB() / 1024, heapMiB());
            }
        } finally {
            workers.shutdown();
            workers.awaitTermination(TIMEOUT_MILLIS + 5_000L, TimeUnit.MILLISECONDS);
        }
        long failures = total.failureCount();
        out.printf(Locale.ROOT, "summary: %d valid %s, %d hostile %s, %d skipped; valid p50 %.0f ms p99 %.0f ms max %.0f ms; "
                        + "RSS %d -> %d MiB, heap after GC %d -> %d MiB; %s%n",
                total.valid, total.validStatuses, total.hostile, total.hostileStatuses, total.skipped, total.percentile(50),
                total.percentile(99), total.percentile(100), startRss / 1024, rssKiB() / 1024, startHeap, heapMiB(),
                failures == 0 ? "PASS: no 5xx, none unanswered" : "FAIL: " + failures + " requests got a 5xx or no answer");
        for (String f : total.failures) out.println("  " + f);
        return failures == 0;
    }

    static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Heap in use after a collection: what stays reachable, so growth from minute to minute is a leak, not garbage. */
    static long heapMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }
}
