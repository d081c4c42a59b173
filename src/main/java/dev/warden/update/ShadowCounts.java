package dev.warden.update;

import dev.warden.guard.Action;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the mirror measured for one update: copies offered, dropped, run; both guards' decisions; label agreement; latency. */
final class ShadowCounts {
    private static final int LATENCIES = 4096;
    private long offered, dropped, ran, failed, candidateRejected, candidateFlagged, servingFlagged, images, agreed;
    private final long[] latencies = new long[LATENCIES];
    private long latencyCount;

    synchronized void offered() {
        offered++;
    }

    synchronized void dropped() {
        dropped++;
    }

    synchronized void failed() {
        failed++;
    }

    synchronized boolean inFlight() {
        return offered > ran + failed;
    }

    synchronized void ran(Action candidate, boolean servingFlag, int[] servingClasses, int[] candidateClasses, long nanos) {
        ran++;
        if (!candidate.answered()) candidateRejected++;
        else if (candidate == Action.FLAG) candidateFlagged++;
        if (servingFlag) servingFlagged++;
        if (servingClasses != null && candidateClasses != null) {
            int n = Math.min(servingClasses.length, candidateClasses.length);
            images += n;
            for (int i = 0; i < n; i++) if (servingClasses[i] == candidateClasses[i]) agreed++;
        }
        latencies[(int) (latencyCount++ % LATENCIES)] = nanos;
    }

    /**
     * The shadow figures. The serving guard's reject rate on the copies is 0 by construction (only answered queries are
     * copied), so the candidate's reject rate is the change; its flag rate is compared with the serving guard's.
     */
    synchronized Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("copied", offered);
        out.put("dropped", dropped);
        out.put("ran", ran);
        out.put("failed", failed);
        out.put("label_agreement", images == 0 ? null : (double) agreed / images);
        out.put("images_compared", images);
        out.put("reject_rate_serving", 0.0);
        out.put("reject_rate_candidate", ran == 0 ? null : (double) candidateRejected / ran);
        out.put("reject_rate_change", ran == 0 ? null : (double) candidateRejected / ran);
        out.put("flag_rate_serving", ran == 0 ? null : (double) servingFlagged / ran);
        out.put("flag_rate_candidate", ran == 0 ? null : (double) candidateFlagged / ran);
        int n = (int) Math.min(latencyCount, LATENCIES);
        long[] l = Arrays.copyOf(latencies, n);
        out.put("candidate_guard_p50_ms", n == 0 ? null : OfflineComparison.percentile(l, 0.50));
        out.put("candidate_guard_p99_ms", n == 0 ? null : OfflineComparison.percentile(l, 0.99));
        return out;
    }

    synchronized double rejectRateChange() {
        return ran == 0 ? 0 : (double) candidateRejected / ran;
    }

    synchronized long ranCount() {
        return ran;
    }
}
