package dev.warden.state;

import dev.warden.policy.RateLimit;
import java.util.List;
import java.util.Locale;

/**
 * Token buckets in Redis, shared by every replica with the same key prefix: one hash per account,
 * {@code <prefix>rate:{<account>}}, updated by one atomic script ({@code rate.lua}) that counts time by Redis's
 * clock and sets a TTL of the time to refill. While Redis is unavailable (the store's circuit breaker is open)
 * each replica falls back to buckets of its own: the limit then holds per replica, not per deployment, rather
 * than vanishing or refusing every request.
 */
final class RedisRateLimiter implements RateLimiter {
    private static final RedisScript RATE = RedisScript.load("rate");

    private final RedisGate redis;
    private final String prefix;
    private final RateLimiter fallback;

    RedisRateLimiter(RedisGate redis, String prefix, RateLimiter fallback) {
        this.redis = redis;
        this.prefix = prefix;
        this.fallback = fallback;
    }

    @Override
    public long secondsToWait(String account, long images, RateLimit limit) {
        if (!limit.enabled()) return 0;
        if (images < 1) throw new IllegalArgumentException("images must be >= 1, not " + images);
        long millis;
        try {
            millis = RedisValues.number(redis.eval(RATE, List.of(prefix + "rate:{" + account + "}"),
                    List.of(String.format(Locale.ROOT, "%.12g", limit.imagesPerSecond() / 1000.0), Integer.toString(limit.burst()),
                            Long.toString(images))));
        } catch (StateUnavailableException e) {
            return fallback.secondsToWait(account, images, limit);
        }
        return millis <= 0 ? 0 : Math.max(1, (millis + 999) / 1000);
    }
}
