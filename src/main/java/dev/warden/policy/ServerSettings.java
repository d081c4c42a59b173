package dev.warden.policy;

import java.util.List;

/**
 * Limits of the HTTP surface, all on by default: largest request body, per-request timeout, concurrent
 * inferences, and per-account rate. {@code trustedProxies} lists the addresses whose X-Forwarded-For is
 * believed for anonymous accounts (none by default).
 */
public record ServerSettings(Long maxRequestBytes, Integer requestTimeoutMillis, Integer maxConcurrentRequests,
                             RateLimit rateLimit, List<String> trustedProxies) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_MAX_CONCURRENT = 64;

    public ServerSettings {
        maxRequestBytes = maxRequestBytes == null ? DEFAULT_MAX_REQUEST_BYTES : maxRequestBytes;
        requestTimeoutMillis = requestTimeoutMillis == null ? DEFAULT_TIMEOUT_MILLIS : requestTimeoutMillis;
        maxConcurrentRequests = maxConcurrentRequests == null ? DEFAULT_MAX_CONCURRENT : maxConcurrentRequests;
        rateLimit = rateLimit == null ? RateLimit.defaults() : rateLimit;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        if (maxRequestBytes < 1024) throw new IllegalArgumentException("maxRequestBytes must be >= 1024");
        if (requestTimeoutMillis < 1) throw new IllegalArgumentException("requestTimeoutMillis must be >= 1");
        if (maxConcurrentRequests < 1) throw new IllegalArgumentException("maxConcurrentRequests must be >= 1");
    }

    public static ServerSettings defaults() {
        return new ServerSettings(null, null, null, null, null);
    }
}
