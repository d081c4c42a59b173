package dev.warden.policy;

import java.util.List;

/**
 * Limits of the HTTP surface, all on by default: largest request body (after decompression), per-request
 * timeout, concurrent inferences, per-account rate, and what one request may make the parser allocate
 * ({@code maxElements}, {@code maxDepth}). The connection limits keep slow or idle clients from holding
 * the server: a body must arrive within {@code bodyTimeoutMillis} and at no less than
 * {@code minRequestBytesPerSecond}, a new connection must send its request head within
 * {@code headerTimeoutMillis}. {@code trustedProxies} lists the addresses whose X-Forwarded-For is believed
 * for anonymous accounts (none by default). docs/security.md says what each limit protects against.
 */
public record ServerSettings(Long maxRequestBytes, Integer requestTimeoutMillis, Integer maxConcurrentRequests,
                             RateLimit rateLimit, List<String> trustedProxies,
                             Integer maxElements, Integer maxDepth,
                             Integer bodyTimeoutMillis, Integer minRequestBytesPerSecond, Integer headerTimeoutMillis,
                             Integer idleTimeoutMillis, Integer maxRequestHeaderBytes, Integer maxThreads,
                             Integer maxConnections) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_MAX_CONCURRENT = 64;
    public static final int DEFAULT_MAX_ELEMENTS = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 32;
    public static final int DEFAULT_BODY_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_MIN_REQUEST_BYTES_PER_SECOND = 1024;
    public static final int DEFAULT_HEADER_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_THREADS = 200;
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;

    public ServerSettings {
        maxRequestBytes = maxRequestBytes == null ? DEFAULT_MAX_REQUEST_BYTES : maxRequestBytes;
        requestTimeoutMillis = requestTimeoutMillis == null ? DEFAULT_TIMEOUT_MILLIS : requestTimeoutMillis;
        maxConcurrentRequests = maxConcurrentRequests == null ? DEFAULT_MAX_CONCURRENT : maxConcurrentRequests;
        rateLimit = rateLimit == null ? RateLimit.defaults() : rateLimit;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        maxElements = maxElements == null ? DEFAULT_MAX_ELEMENTS : maxElements;
        maxDepth = maxDepth == null ? DEFAULT_MAX_DEPTH : maxDepth;
        bodyTimeoutMillis = bodyTimeoutMillis == null ? DEFAULT_BODY_TIMEOUT_MILLIS : bodyTimeoutMillis;
        minRequestBytesPerSecond = minRequestBytesPerSecond == null ? DEFAULT_MIN_REQUEST_BYTES_PER_SECOND : minRequestBytesPerSecond;
        headerTimeoutMillis = headerTimeoutMillis == null ? DEFAULT_HEADER_TIMEOUT_MILLIS : headerTimeoutMillis;
        idleTimeoutMillis = idleTimeoutMillis == null ? DEFAULT_IDLE_TIMEOUT_MILLIS : idleTimeoutMillis;
        maxRequestHeaderBytes = maxRequestHeaderBytes == null ? DEFAULT_MAX_REQUEST_HEADER_BYTES : maxRequestHeaderBytes;
        maxThreads = maxThreads == null ? DEFAULT_MAX_THREADS : maxThreads;
        maxConnections = maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections;
        if (maxRequestBytes < 1024) throw new IllegalArgumentException("maxRequestBytes must be >= 1024");
        if (maxRequestBytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("maxRequestBytes must be < 2 GiB");
        if (requestTimeoutMillis < 1) throw new IllegalArgumentException("requestTimeoutMillis must be >= 1");
        if (maxConcurrentRequests < 1) throw new IllegalArgumentException("maxConcurrentRequests must be >= 1");
        if (maxElements < 1) throw new IllegalArgumentException("maxElements must be >= 1");
        if (maxDepth < 4 || maxDepth > 1000) throw new IllegalArgumentException("maxDepth must be between 4 and 1000");
        if (bodyTimeoutMillis < 100) throw new IllegalArgumentException("bodyTimeoutMillis must be >= 100");
        if (minRequestBytesPerSecond < 0) throw new IllegalArgumentException("minRequestBytesPerSecond must be >= 0 (0: no minimum)");
        if (headerTimeoutMillis < 100) throw new IllegalArgumentException("headerTimeoutMillis must be >= 100");
        if (idleTimeoutMillis < 100) throw new IllegalArgumentException("idleTimeoutMillis must be >= 100");
        if (maxRequestHeaderBytes < 1024) throw new IllegalArgumentException("maxRequestHeaderBytes must be >= 1024");
        if (maxThreads < 8) throw new IllegalArgumentException("maxThreads must be >= 8");
        if (maxConnections < 16) throw new IllegalArgumentException("maxConnections must be >= 16");
    }

    public static ServerSettings defaults() {
        return new ServerSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
