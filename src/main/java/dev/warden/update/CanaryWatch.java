package dev.warden.update;

import dev.warden.policy.UpdateSettings;
import dev.warden.runtime.RequestObserver;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Watches each version's live requests while a canary runs: error rate (backend failures and timeouts), reject
 * rate (guard refusals and lockouts), and p99 latency, candidate against serving. Once the candidate has answered
 * {@code canaryMinRequests} (for latency: at least {@link #LATENCY_MIN_REQUESTS} on each version), a breach of a canary limit is reported once to {@code onBreach} with the reason
 * (the manager rolls back). Called on request threads: counting only; the check is cheap arithmetic.
 */
final class CanaryWatch implements RequestObserver {
    private static final Set<String> ERRORS = Set.of("backend_failed", "timeout", "error");
    private static final Set<String> REJECTS = Set.of("reject", "rejected", "lockout", "locked_out");
    /** The p99 of fewer calls is the slowest one or two: one preemption or GC pause would roll a canary back. */
    static final int LATENCY_MIN_REQUESTS = 200;

    private record Watched(String serving, String candidate, UpdateSettings settings, Counts servingCounts, Counts candidateCounts) {
    }

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final BiConsumer<String, String> onBreach;

    CanaryWatch(BiConsumer<String, String> onBreach) {
        this.onBreach = onBreach;
    }

    void watch(String model, String serving, String candidate, UpdateSettings settings) {
        watched.put(model, new Watched(serving, candidate, settings, new Counts(), new Counts()));
    }

    void stop(String model) {
        watched.remove(model);
    }

    @Override
    public void completed(String model, String version, String outcome, long nanos) {
        Watched w = watched.get(model);
        if (w == null) return;
        Counts c = version.equals(w.candidate()) ? w.candidateCounts() : version.equals(w.serving()) ? w.servingCounts() : null;
        if (c == null) return;
        c.add(outcome, nanos);
        if (c == w.candidateCounts()) {
            String breach = breach(w);
            if (breach != null && watched.remove(model, w)) onBreach.accept(model, breach);
        }
    }

    private static String breach(Watched w) {
        UpdateSettings s = w.settings();
        Counts cand = w.candidateCounts();
        Counts serv = w.servingCounts();
        if (cand.requests() < s.canaryMinRequests()) return null;
        double errors = cand.errorRate();
        if (errors > s.canaryMaxErrorRate()) {
            return String.format(java.util.Locale.ROOT, "canaryMaxErrorRate: the candidate's error rate %.4f > %.4f over %d requests",
                    errors, s.canaryMaxErrorRate(), cand.requests());
        }
        double change = cand.rejectRate() - serv.rejectRate();
        if (change > s.canaryMaxRejectRateChange()) {
            return String.format(java.util.Locale.ROOT, "canaryMaxRejectRateChange: the candidate's reject rate %.4f is %.4f above the serving"
                    + " version's %.4f (limit %.4f) over %d requests", cand.rejectRate(), change, serv.rejectRate(), s.canaryMaxRejectRateChange(), cand.requests());
        }
        long latencyMinimum = Math.max(s.canaryMinRequests(), LATENCY_MIN_REQUESTS);
        if (cand.requests() >= latencyMinimum && serv.requests() >= latencyMinimum) {
            double ratio = cand.p99() / Math.max(1e-9, serv.p99());
            if (ratio > s.canaryMaxLatencyRatio()) {
                return String.format(java.util.Locale.ROOT, "canaryMaxLatencyRatio: the candidate's p99 latency %.2f ms is %.2f times the serving"
                        + " version's %.2f ms (limit %.2f)", cand.p99(), ratio, serv.p99(), s.canaryMaxLatencyRatio());
            }
        }
        return null;
    }

    Map<String, Object> json(String model) {
        Watched w = watched.get(model);
        if (w == null) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("serving", w.servingCounts().json());
        out.put("candidate", w.candidateCounts().json());
        return out;
    }

    /** One version's requests in the canary: outcomes and a ring of recent latencies. */
    static final class Counts {
        private static final int RING = 2048;
        private long requests, errors, rejects;
        private final long[] ring = new long[RING];

        synchronized void add(String outcome, long nanos) {
            ring[(int) (requests % RING)] = nanos;
            requests++;
            if (ERRORS.contains(outcome)) errors++;
            if (REJECTS.contains(outcome)) rejects++;
        }

        synchronized long requests() {
            return requests;
        }

        synchronized double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }

        synchronized double rejectRate() {
            return requests == 0 ? 0 : (double) rejects / requests;
        }

        synchronized double p99() {
            int n = (int) Math.min(requests, RING);
            return OfflineComparison.percentile(Arrays.copyOf(ring, n), 0.99);
        }

        synchronized Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("requests", requests);
            out.put("error_rate", errorRate());
            out.put("reject_rate", rejectRate());
            out.put("p99_ms", p99());
            return out;
        }
    }
}
