package dev.warden.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Slow-body clients against a loopback server: for each count N, N connections send a request head
 * announcing a large body and then one byte of it per interval, reconnecting whenever the server drops
 * them (a persistent attacker), while one valid inference request at a time measures what a real client
 * gets. A server whose handler threads block on slow bodies stops answering valid requests once N passes
 * its thread count; one that reads bodies without holding threads does not.
 */
public final class SlowClientBenchmark {
    public static final int MAX_CONNECTIONS = 2_000;
    public static final int MAX_STEP_SECONDS = 120;
    static final int DECLARED_BODY = 100_000;

    /** Settings of a run; counts and durations bounded so that the tool cannot become a load generator. */
    public record Config(List<Integer> connections, int stepSeconds, int byteIntervalMillis, int validTimeoutMillis,
                         double validPerSecond) {
        public Config {
            connections = List.copyOf(connections);
            if (connections.isEmpty() || connections.size() > 10) throw new IllegalArgumentException("give 1 to 10 connection counts");
            for (int n : connections) {
                if (n < 0 || n > MAX_CONNECTIONS) throw new IllegalArgumentException("connection counts must be between 0 and " + MAX_CONNECTIONS);
            }
            if (stepSeconds < 1 || stepSeconds > MAX_STEP_SECONDS) throw new IllegalArgumentException("step seconds must be between 1 and " + MAX_STEP_SECONDS);
            if (byteIntervalMillis < 10 || byteIntervalMillis > 60_000) throw new IllegalArgumentException("byte interval must be between 10 and 60000 ms");
            if (validTimeoutMillis < 100) throw new IllegalArgumentException("valid timeout must be >= 100 ms");
            if (validPerSecond <= 0 || validPerSecond > 50) throw new IllegalArgumentException("valid requests per second must be in (0, 50]");
        }
    }

    /** One count's result: latencies of the valid requests (ms; timed-out ones at the timeout), their statuses. */
    public record Step(int connections, long reconnects, double[] latencies, TreeMap<Integer, Integer> statuses,
                       int validTimeoutMillis) {
        public int sent() {
            return latencies.length;
        }

        public double percentile(double p) {
            if (latencies.length == 0) return Double.NaN;
            double[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
        }
    }

    private SlowClientBenchmark() {
    }

    /** Runs every step against {@code http}; {@code valid} gives the i-th valid request's bytes. */
    public static List<Step> run(RawHttp http, String path, Config config, IntFunction<byte[]> valid) throws InterruptedException {
        // Every valid request sends a different image: a guarded server refuses an account's near-copies.
        AtomicLong next = new AtomicLong();
        IntFunction<byte[]> fresh = i -> valid.apply((int) next.getAndIncrement());
        for (int i = 0; i < 20; i++) http.exchange(fresh.apply(i), false, config.validTimeoutMillis()); // warm-up, not measured
        List<Step> steps = new ArrayList<>();
        for (int n : config.connections()) steps.add(step(http, path, n, config, fresh));
        return steps;
    }

    private static Step step(RawHttp http, String path, int count, Config config, IntFunction<byte[]> valid) throws InterruptedException {
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "slow-client");
            t.setDaemon(true);
            return t;
        });
        AtomicLong reconnects = new AtomicLong();
        List<SlowConnection> slow = new ArrayList<>();
        try {
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + http.host() + ":" + http.port()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + DECLARED_BODY + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < count; i++) {
                SlowConnection c = new SlowConnection(http, head, reconnects);
                slow.add(c);
                long offset = ThreadLocalRandom.current().nextLong(config.byteIntervalMillis());
                ticks.scheduleWithFixedDelay(c::tick, offset, config.byteIntervalMillis(), TimeUnit.MILLISECONDS);
            }
            Thread.sleep(Math.min(3_000, 1_000 + config.byteIntervalMillis()));
            reconnects.set(0);
            List<Double> latencies = new ArrayList<>();
            TreeMap<Integer, Integer> statuses = new TreeMap<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.stepSeconds());
            long gap = (long) (1000 / config.validPerSecond());
            for (int i = 0; System.nanoTime() < end; i++) {
                RawHttp.Answer a = http.exchange(valid.apply(i), false, config.validTimeoutMillis());
                latencies.add(a.status() > 0 ? (double) a.millis() : config.validTimeoutMillis());
                statuses.merge(a.status(), 1, Integer::sum);
                Thread.sleep(Math.max(0, gap - a.millis()));
            }
            return new Step(count, reconnects.get(), latencies.stream().mapToDouble(Double::doubleValue).toArray(), statuses,
                    config.validTimeoutMillis());
        } finally {
            ticks.shutdownNow();
            ticks.awaitTermination(5, TimeUnit.SECONDS);
            for (SlowConnection c : slow) c.close();
        }
    }

    /** One attacker connection: head, then a byte of body per tick; reconnects when the server drops it. */
    private static final class SlowConnection {
        private final RawHttp http;
        private final byte[] head;
        private final AtomicLong reconnects;
        private Socket socket;
        private int sent;

        SlowConnection(RawHttp http, byte[] head, AtomicLong reconnects) {
            this.http = http;
            this.head = head;
            this.reconnects = reconnects;
        }

        synchronized void tick() {
            try {
                if (socket == null || socket.isClosed() || socket.getInputStream().available() > 0 || sent >= DECLARED_BODY - 1) {
                    if (socket != null) reconnects.incrementAndGet();
                    close();
                    socket = http.connect(2_000);
                    socket.getOutputStream().write(head);
                    sent = 0;
                }
                OutputStream out = socket.getOutputStream();
                out.write(sent == 0 ? '[' : ' ');
                out.flush();
                sent++;
            } catch (IOException e) {
                close();
            }
        }

        synchronized void close() {
            if (socket == null) return;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing an attacker socket: nothing to do
            }
            socket = null;
        }
    }

    public static String markdown(List<Step> steps, String command) {
        StringBuilder b = new StringBuilder("""
                | slow-body connections | valid requests | answered < 500 within 1 s | p50 (ms) | p99 (ms) | max (ms) | statuses | attacker reconnects |
                |---:|---:|---:|---:|---:|---:|---|---:|
                """);
        for (Step s : steps) {
            int inTime = 0;
            for (double v : s.latencies()) if (v <= 1000) inTime++;
            int bad = s.statuses().entrySet().stream().filter(e -> e.getKey() <= 0 || e.getKey() >= 500).mapToInt(java.util.Map.Entry::getValue).sum();
            b.append(String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.0f | %.0f | %s | %d |%n", s.connections(), s.sent(),
                    Math.max(0, inTime - bad), s.percentile(50), s.percentile(99), s.percentile(100), statusText(s.statuses()), s.reconnects()));
        }
        b.append("\nStatus 0: no answer within the valid request's timeout; -1: connection closed unanswered. Command: `")
                .append(command).append("`\n");
        return b.toString();
    }

    private static String statusText(TreeMap<Integer, Integer> statuses) {
        StringBuilder b = new StringBuilder();
        statuses.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" x").append(v));
        return b.toString();
    }
}
