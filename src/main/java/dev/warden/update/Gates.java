package dev.warden.update;

import dev.warden.policy.UpdateSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gates of the policy's {@code update} section read against the report: the offline ones (accuracy drop,
 * negative flip rate, backward trust, failure replay regressions, latency ratio, and the noise robustness drop
 * where the policy sets a limit) hold before a canary starts;
 * all of them, the shadow ones included (enough mirrored requests, the reject-rate change), before a promotion.
 */
final class Gates {
    private Gates() {
    }

    static List<GateVerdict> offline(UpdateSettings s, Map<String, Object> offline, Map<String, Object> latency, Map<String, Object> replay,
                                     Map<String, Object> noise) {
        List<GateVerdict> out = new ArrayList<>();
        double drop = number(offline, "accuracy_old") - number(offline, "accuracy_new");
        out.add(GateVerdict.atMost("maxAccuracyDrop", "accuracy_old - accuracy_new", drop, s.maxAccuracyDrop()));
        out.add(GateVerdict.atMost("maxNegativeFlipRate", "negative_flip_rate", number(offline, "negative_flip_rate"), s.maxNegativeFlipRate()));
        out.add(GateVerdict.atLeast("minBackwardTrust", "btc", number(offline, "btc"), s.minBackwardTrust()));
        out.add(GateVerdict.atMost("maxReplayRegressions", "replay regressions", number(replay, "regressions"), s.maxReplayRegressions()));
        out.add(GateVerdict.atMost("maxLatencyRatio", "p99 latency new / old", number(latency, "p99_ratio"), s.maxLatencyRatio()));
        if (s.maxNoiseRobustnessDrop() != null) {
            Object kept = noise == null ? null : noise.get("drop");
            out.add(GateVerdict.atMost("maxNoiseRobustnessDrop", "labels kept under noise, old - new",
                    kept instanceof Number d ? d.doubleValue() : null, s.maxNoiseRobustnessDrop()));
        }
        return out;
    }

    /**
     * The shadow gates: enough mirrored requests ran through the candidate's guard for its figures to mean something
     * (without any, {@code maxRejectRateChange} would read "not measured yet" and pass), and its reject rate change.
     * An update started with a shadow share of 0 has no shadow stage, by the operator's choice: no minimum applies.
     */
    static List<GateVerdict> shadow(UpdateSettings s, Map<String, Object> shadow, int shadowShare) {
        Object v = shadow.get("reject_rate_change");
        GateVerdict rejectRate = GateVerdict.atMost("maxRejectRateChange", "shadow reject_rate_change",
                v == null ? null : ((Number) v).doubleValue(), s.maxRejectRateChange());
        if (shadowShare == 0) return List.of(rejectRate);
        Object ran = shadow.get("ran");
        return List.of(GateVerdict.atLeast("shadowMinRequests", "shadow requests ran", ran instanceof Number n ? n.doubleValue() : 0.0,
                s.shadowMinRequests()), rejectRate);
    }

    static List<GateVerdict> failed(List<GateVerdict> verdicts) {
        return verdicts.stream().filter(v -> !v.passed()).toList();
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) throw new IllegalStateException("report figure " + key + " is missing");
        return n.doubleValue();
    }
}
