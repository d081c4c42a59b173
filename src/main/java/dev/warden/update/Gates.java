package dev.warden.update;

import dev.warden.policy.UpdateSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gates of the policy's {@code update} section read against the report: the offline ones (accuracy drop,
 * negative flip rate, backward trust, failure replay regressions, latency ratio) hold before a canary starts;
 * all of them, the shadow reject-rate change included, before a promotion.
 */
final class Gates {
    private Gates() {
    }

    static List<GateVerdict> offline(UpdateSettings s, Map<String, Object> offline, Map<String, Object> latency, Map<String, Object> replay) {
        List<GateVerdict> out = new ArrayList<>();
        double drop = number(offline, "accuracy_old") - number(offline, "accuracy_new");
        out.add(GateVerdict.atMost("maxAccuracyDrop", "accuracy_old - accuracy_new", drop, s.maxAccuracyDrop()));
        out.add(GateVerdict.atMost("maxNegativeFlipRate", "negative_flip_rate", number(offline, "negative_flip_rate"), s.maxNegativeFlipRate()));
        out.add(GateVerdict.atLeast("minBackwardTrust", "btc", number(offline, "btc"), s.minBackwardTrust()));
        out.add(GateVerdict.atMost("maxReplayRegressions", "replay regressions", number(replay, "regressions"), s.maxReplayRegressions()));
        out.add(GateVerdict.atMost("maxLatencyRatio", "p99 latency new / old", number(latency, "p99_ratio"), s.maxLatencyRatio()));
        return out;
    }

    static GateVerdict shadow(UpdateSettings s, Map<String, Object> shadow) {
        Object v = shadow.get("reject_rate_change");
        return GateVerdict.atMost("maxRejectRateChange", "shadow reject_rate_change", v == null ? null : ((Number) v).doubleValue(),
                s.maxRejectRateChange());
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
