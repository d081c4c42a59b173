package dev.warden.policy;

/** Per-account request rate limit (token bucket): sustained requests per second and burst size. */
public record RateLimit(Boolean enabled, Double requestsPerSecond, Integer burst) {
    public static final double DEFAULT_RPS = 100;
    public static final int DEFAULT_BURST = 200;

    public RateLimit {
        enabled = enabled == null || enabled;
        requestsPerSecond = requestsPerSecond == null ? DEFAULT_RPS : requestsPerSecond;
        burst = burst == null ? DEFAULT_BURST : burst;
        if (!(requestsPerSecond > 0)) throw new IllegalArgumentException("requestsPerSecond must be > 0");
        if (burst < 1) throw new IllegalArgumentException("burst must be >= 1");
    }

    public static RateLimit defaults() {
        return new RateLimit(null, null, null);
    }
}
