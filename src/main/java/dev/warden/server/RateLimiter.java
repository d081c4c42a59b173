package dev.warden.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.warden.policy.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Per-account token buckets (Bucket4j), kept in a bounded, expiring Caffeine cache so that a flood of
 * distinct source addresses cannot exhaust memory. Returns 0 when a request may go, else the seconds to wait.
 */
final class RateLimiter {
    private static final int MAX_ACCOUNTS = 100_000;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(MAX_ACCOUNTS).expireAfterAccess(Duration.ofMinutes(10)).build();
    private volatile RateLimit limit;

    RateLimiter(RateLimit limit) {
        this.limit = limit;
    }

    long secondsToWait(String accountId, RateLimit current) {
        if (!current.enabled()) return 0;
        if (!current.equals(limit)) {
            limit = current;
            buckets.invalidateAll();
        }
        Bucket bucket = buckets.get(accountId, id -> newBucket(current));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return 0;
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    private static Bucket newBucket(RateLimit l) {
        double rps = l.requestsPerSecond();
        Bandwidth bandwidth = rps >= 1
                ? Bandwidth.builder().capacity(l.burst()).refillGreedy(Math.round(rps), Duration.ofSeconds(1)).build()
                : Bandwidth.builder().capacity(l.burst()).refillGreedy(1, Duration.ofMillis(Math.round(1000 / rps))).build();
        return Bucket.builder().addLimit(bandwidth).build();
    }
}
