package dev.warden.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * What one closed-loop client counted (statuses, refusals by status and reason, latencies of the 200 answers), and
 * the run that drives a set of such clients, one thread each, and adds up their tallies: the same over HTTP
 * ({@link ClosedLoopLoad}) and gRPC ({@link GrpcClosedLoopLoad}).
 */
final class LoadTally {
    /** A load client: runs until its deadline, counting into its tally. */
    interface Client extends Runnable {
        LoadTally tally();
    }

    private final TreeMap<Integer, Long> statuses = new TreeMap<>();
    private final TreeMap<String, Long> refusals = new TreeMap<>();
    private long[] okMicros = new long[1024];
    private int okCount;

    void answered(long micros) {
        statuses.merge(200, 1L, Long::sum);
        if (okCount == okMicros.length) okMicros = Arrays.copyOf(okMicros, okCount * 2);
        okMicros[okCount++] = micros;
    }

    void refused(int status, String refusal) {
        statuses.merge(status, 1L, Long::sum);
        refusals.merge(refusal, 1L, Long::sum);
    }

    /** Starts every client on a thread of its own, waits for all, and returns what they counted together. */
    static ClosedLoopLoad.Result drive(String threadPrefix, double seconds, List<? extends Client> clients) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Thread t = new Thread(clients.get(i), threadPrefix + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        TreeMap<Integer, Long> statuses = new TreeMap<>();
        TreeMap<String, Long> refusals = new TreeMap<>();
        int n = 0;
        for (Client c : clients) n += c.tally().okCount;
        long[] micros = new long[n];
        int at = 0;
        for (Client c : clients) {
            LoadTally t = c.tally();
            t.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            t.refusals.forEach((k, v) -> refusals.merge(k, v, Long::sum));
            System.arraycopy(t.okMicros, 0, micros, at, t.okCount);
            at += t.okCount;
        }
        Arrays.sort(micros);
        return new ClosedLoopLoad.Result(seconds, n, micros, statuses, refusals);
    }
}
