package dev.warden.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * A closed-loop load generator over HTTP/1.1 keep-alive: N client threads, each sending its next request as
 * soon as the last is answered, for a fixed time. Each connection is bound to its own loopback source address
 * (127.a.b.c) and replaced after {@link #REQUESTS_PER_CONNECTION} requests, so that anonymous traffic is many
 * accounts (keyed by source address), each well under a per-account rate limit: a load tester's honest traffic,
 * not one client hammering.
 */
final class ClosedLoopLoad {
    static final int REQUESTS_PER_CONNECTION = 100;
    private static final AtomicInteger SOURCES = new AtomicInteger();
    private static final java.util.regex.Pattern REASON = java.util.regex.Pattern.compile("\"reason\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,40})\"");

    /**
     * What one run measured: answers with status 200 before the deadline, their latencies (µs), all statuses, and
     * the non-200 answers by status and reason code (e.g. {@code 403 ood}).
     */
    record Result(double seconds, long ok, long[] okMicros, TreeMap<Integer, Long> statuses, TreeMap<String, Long> refusals) {
        double perSecond() {
            return ok / seconds;
        }

        double percentileMillis(double p) {
            if (okMicros.length == 0) return Double.NaN;
            return okMicros[(int) Math.min(okMicros.length - 1, Math.max(0, Math.ceil(p / 100 * okMicros.length) - 1))] / 1000.0;
        }

        /** This and {@code other} as one measurement: their times, answers and latencies together. */
        Result plus(Result other) {
            long[] micros = Arrays.copyOf(okMicros, okMicros.length + other.okMicros.length);
            System.arraycopy(other.okMicros, 0, micros, okMicros.length, other.okMicros.length);
            Arrays.sort(micros);
            TreeMap<Integer, Long> s = new TreeMap<>(statuses);
            other.statuses.forEach((k, v) -> s.merge(k, v, Long::sum));
            TreeMap<String, Long> r = new TreeMap<>(refusals);
            other.refusals.forEach((k, v) -> r.merge(k, v, Long::sum));
            return new Result(seconds + other.seconds, ok + other.ok, micros, s, r);
        }

        long non200() {
            return statuses.entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(java.util.Map.Entry::getValue).sum();
        }
    }

    private ClosedLoopLoad() {
    }

    /**
     * Runs {@code concurrency} clients against {@code base} for {@code seconds}; {@code request} gives the i-th
     * request's bytes, head and body, as sent (keep-alive: no {@code Connection: close}).
     */
    static Result run(URI base, int concurrency, double seconds, LongFunction<byte[]> request) throws InterruptedException {
        return run(base, concurrency, seconds, REQUESTS_PER_CONNECTION, request);
    }

    /** As above, with a new connection and source address (account) every {@code perConnection} requests. */
    static Result run(URI base, int concurrency, double seconds, int perConnection, LongFunction<byte[]> request) throws InterruptedException {
        RawHttp.requireLoopback(base.getHost());
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            clients.add(new Client(new InetSocketAddress(base.getHost(), base.getPort()), deadline, perConnection,
                    () -> request.apply(next.getAndIncrement())));
        }
        return LoadTally.drive("load-", seconds, clients);
    }

    /** The next unused loopback source address: a new anonymous account, for every load generator of this JVM. */
    static InetAddress nextSource() {
        return source(SOURCES.getAndIncrement());
    }

    /** The i-th loopback source address, 127.1.0.1 onwards (every loopback address reaches a server on 127.0.0.1). */
    static InetAddress source(int i) {
        int c = 1 + Math.floorMod(i, 254);
        int b = Math.floorMod(i / 254, 256);
        int a = 1 + Math.floorMod(i / (254 * 256), 250);
        try {
            return InetAddress.getByAddress(new byte[]{127, (byte) a, (byte) b, (byte) c});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Client implements LoadTally.Client {
        private final InetSocketAddress server;
        private final long deadline;
        private final int perConnection;
        private final java.util.function.Supplier<byte[]> requests;
        private final LoadTally tally = new LoadTally();
        private String lastRefusal;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private int sentOnConnection;

        Client(InetSocketAddress server, long deadline, int perConnection, java.util.function.Supplier<byte[]> requests) {
            this.server = server;
            this.deadline = deadline;
            this.perConnection = perConnection;
            this.requests = requests;
        }

        @Override
        public LoadTally tally() {
            return tally;
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() < deadline) {
                    byte[] request = requests.get();
                    long start = System.nanoTime();
                    int status = exchange(request);
                    long end = System.nanoTime();
                    if (end > deadline) break; // answered after the measured time: not counted
                    if (status == 200) tally.answered((end - start) / 1000);
                    else tally.refused(status, lastRefusal);
                }
            } finally {
                close();
            }
        }

        /** One request and its answer; -1 when the connection failed (it is replaced). */
        private int exchange(byte[] request) {
            try {
                if (socket == null || sentOnConnection >= perConnection) connect();
                sentOnConnection++;
                out.write(request);
                out.flush();
                RawHttp.Answer a = RawHttp.read(in, 0);
                if (a.status() != 200) lastRefusal = a.status() + reason(a.body());
                if (a.status() <= 0 || a.head().toLowerCase(Locale.ROOT).contains("\nconnection: close")) close();
                return a.status();
            } catch (IOException e) {
                close();
                lastRefusal = "-1 " + e.getClass().getSimpleName();
                return -1;
            }
        }

        /** The {@code reason} code of a Warden error answer, or nothing. */
        private static String reason(String body) {
            java.util.regex.Matcher m = REASON.matcher(body);
            return m.find() ? " " + m.group(1) : "";
        }

        private void connect() throws IOException {
            close();
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.bind(new InetSocketAddress(source(SOURCES.getAndIncrement()), 0));
            s.connect(server, 10_000);
            s.setSoTimeout(30_000);
            socket = s;
            in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            out = s.getOutputStream();
            sentOnConnection = 0;
        }

        private void close() {
            if (socket == null) return;
            try {
                socket.close();
            } catch (IOException ignored) {
                // a client socket being replaced: nothing to do
            }
            socket = null;
        }
    }
}
