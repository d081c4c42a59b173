package dev.warden.policy;

/**
 * The policy's {@code update} section: the gates a candidate model version must pass (docs/updates.md, where
 * each default was measured) and how an update runs. Offline gates: {@code maxAccuracyDrop} (old minus new
 * accuracy), {@code maxNegativeFlipRate}, {@code minBackwardTrust} (BTC), {@code maxReplayRegressions} (confirmed
 * failures the candidate lets through that the serving version stopped), {@code maxLatencyRatio} (candidate over
 * serving p99), and, only when set, {@code maxNoiseRobustnessDrop} (the share of labels kept under Square's first
 * query, serving minus candidate). Shadow gates: {@code shadowMinRequests} (mirrored requests the candidate's guard must have run
 * before a promotion, so that the shadow figures are measured, not vacuous) and {@code maxRejectRateChange} (the
 * candidate guard's reject rate on mirrored traffic minus the serving guard's). Canary breaches that roll back by themselves, once {@code canaryMinRequests} reached
 * the candidate: {@code canaryMaxErrorRate}, {@code canaryMaxRejectRateChange}, {@code canaryMaxLatencyRatio}.
 * {@code shadowQueue} bounds the mirror's queue (a full queue drops, never blocks); {@code mapScores} applies the
 * fitted score mapping to what clients of the candidate see; {@code refreshMillis}: how often a replica looks
 * for a stage another one set.
 */
public record UpdateSettings(Double maxAccuracyDrop, Double maxNegativeFlipRate, Double minBackwardTrust,
                             Integer maxReplayRegressions, Double maxLatencyRatio, Double maxRejectRateChange,
                             Integer canaryMinRequests, Double canaryMaxErrorRate, Double canaryMaxRejectRateChange,
                             Double canaryMaxLatencyRatio, Integer shadowQueue, Boolean mapScores, Long refreshMillis,
                             Integer shadowMinRequests, Double maxNoiseRobustnessDrop) {
    public static final double DEFAULT_MAX_ACCURACY_DROP = 0.01;
    public static final double DEFAULT_MAX_NEGATIVE_FLIP_RATE = 0.04;
    public static final double DEFAULT_MIN_BACKWARD_TRUST = 0.95;
    public static final int DEFAULT_MAX_REPLAY_REGRESSIONS = 0;
    public static final double DEFAULT_MAX_LATENCY_RATIO = 3.0;
    public static final double DEFAULT_MAX_REJECT_RATE_CHANGE = 0.02;
    public static final int DEFAULT_CANARY_MIN_REQUESTS = 50;
    public static final double DEFAULT_CANARY_MAX_ERROR_RATE = 0.01;
    public static final double DEFAULT_CANARY_MAX_REJECT_RATE_CHANGE = 0.05;
    public static final double DEFAULT_CANARY_MAX_LATENCY_RATIO = 3.0;
    public static final int DEFAULT_SHADOW_QUEUE = 1_024;
    public static final long DEFAULT_REFRESH_MILLIS = 1_000;
    public static final int DEFAULT_SHADOW_MIN_REQUESTS = 50;

    public UpdateSettings {
        maxAccuracyDrop = fraction(maxAccuracyDrop, DEFAULT_MAX_ACCURACY_DROP, "maxAccuracyDrop");
        maxNegativeFlipRate = fraction(maxNegativeFlipRate, DEFAULT_MAX_NEGATIVE_FLIP_RATE, "maxNegativeFlipRate");
        minBackwardTrust = fraction(minBackwardTrust, DEFAULT_MIN_BACKWARD_TRUST, "minBackwardTrust");
        maxReplayRegressions = maxReplayRegressions == null ? DEFAULT_MAX_REPLAY_REGRESSIONS : maxReplayRegressions;
        if (maxReplayRegressions < 0) throw new IllegalArgumentException("maxReplayRegressions must be >= 0");
        maxLatencyRatio = ratio(maxLatencyRatio, DEFAULT_MAX_LATENCY_RATIO, "maxLatencyRatio");
        maxRejectRateChange = fraction(maxRejectRateChange, DEFAULT_MAX_REJECT_RATE_CHANGE, "maxRejectRateChange");
        canaryMinRequests = canaryMinRequests == null ? DEFAULT_CANARY_MIN_REQUESTS : canaryMinRequests;
        if (canaryMinRequests < 1) throw new IllegalArgumentException("canaryMinRequests must be >= 1");
        canaryMaxErrorRate = fraction(canaryMaxErrorRate, DEFAULT_CANARY_MAX_ERROR_RATE, "canaryMaxErrorRate");
        canaryMaxRejectRateChange = fraction(canaryMaxRejectRateChange, DEFAULT_CANARY_MAX_REJECT_RATE_CHANGE, "canaryMaxRejectRateChange");
        canaryMaxLatencyRatio = ratio(canaryMaxLatencyRatio, DEFAULT_CANARY_MAX_LATENCY_RATIO, "canaryMaxLatencyRatio");
        shadowQueue = shadowQueue == null ? DEFAULT_SHADOW_QUEUE : shadowQueue;
        if (shadowQueue < 1 || shadowQueue > 1_000_000) throw new IllegalArgumentException("shadowQueue must be between 1 and 1000000");
        mapScores = Boolean.TRUE.equals(mapScores);
        refreshMillis = refreshMillis == null ? DEFAULT_REFRESH_MILLIS : refreshMillis;
        if (refreshMillis < 10) throw new IllegalArgumentException("refreshMillis must be >= 10");
        shadowMinRequests = shadowMinRequests == null ? DEFAULT_SHADOW_MIN_REQUESTS : shadowMinRequests;
        if (shadowMinRequests < 0) throw new IllegalArgumentException("shadowMinRequests must be >= 0");
        // No default: the figure is always in the report, the gate only where the operator sets a limit.
        if (maxNoiseRobustnessDrop != null) maxNoiseRobustnessDrop = fraction(maxNoiseRobustnessDrop, 0, "maxNoiseRobustnessDrop");
    }

    public static UpdateSettings defaults() {
        return new UpdateSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static double fraction(Double value, double fallback, String name) {
        double v = value == null ? fallback : value;
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must be a fraction between 0 and 1, not " + v);
        return v;
    }

    private static double ratio(Double value, double fallback, String name) {
        double v = value == null ? fallback : value;
        if (!(v >= 1 && v <= 1000)) throw new IllegalArgumentException(name + " must be a ratio between 1 and 1000, not " + v);
        return v;
    }
}
