package dev.warden.policy;

import java.net.URI;

/**
 * How to reach Redis for the shared state store: its URL ({@code redis://[:password@]host:port[/db]}), the
 * prefix of every key (one per deployment; null: {@code warden:<policy file name>:}), the timeout of one
 * command, how long to stop trying after a failure before the next attempt, and the connection pool size.
 */
public record RedisSettings(String url, String keyPrefix, Integer timeoutMillis, Integer retryMillis, Integer poolSize) {
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    public static final int DEFAULT_TIMEOUT_MILLIS = 250;
    public static final int DEFAULT_RETRY_MILLIS = 1000;
    public static final int DEFAULT_POOL_SIZE = 32;

    public RedisSettings {
        url = url == null ? DEFAULT_URL : url.trim();
        timeoutMillis = timeoutMillis == null ? DEFAULT_TIMEOUT_MILLIS : timeoutMillis;
        retryMillis = retryMillis == null ? DEFAULT_RETRY_MILLIS : retryMillis;
        poolSize = poolSize == null ? DEFAULT_POOL_SIZE : poolSize;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a URL: " + dev.warden.log.Redactor.redact(url));
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("url must look like redis://host:port, not '" + dev.warden.log.Redactor.redact(url) + "'");
        }
        if (keyPrefix != null && keyPrefix.isBlank()) throw new IllegalArgumentException("keyPrefix must not be blank");
        if (timeoutMillis < 1) throw new IllegalArgumentException("timeoutMillis must be >= 1");
        if (retryMillis < 1) throw new IllegalArgumentException("retryMillis must be >= 1");
        if (poolSize < 1) throw new IllegalArgumentException("poolSize must be >= 1");
    }

    public static RedisSettings defaults() {
        return new RedisSettings(null, null, null, null, null);
    }
}
