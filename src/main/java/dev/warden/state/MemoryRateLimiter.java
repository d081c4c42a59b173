package dev.warden.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.warden.policy.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/**
 * Token buckets of this process (Bucket4j, greedy refill), one per account, in a bounded, expiring Caffeine
 * cache so that a flood of distinct source addresses cannot exhaust memory. A bucket left alone for
 * {@link #IDLE} is dropped, which is the same as full. A changed limit (a policy reload) starts every bucket
 * over, full.
 */
final class MemoryRateLimiter implements RateLimiter {
    static final int MAX_ACCOUNTS = 100_000;
    static final Duration IDLE = Duration.ofMinutes(10);

    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;
    private volatile RateLimit limit;

    MemoryRateLimiter(Clock clock) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_ACCOUNTS).expireAfterAccess(IDLE).ticker(ticker).build();
    }

    @Override
    public long secondsToWait(String account, long images, RateLimit current) {
        if (!current.enabled()) return 0;
        if (images < 1) throw new IllegalArgumentException("images must be >= 1, not " + images);
        if (!current.equals(limit)) {
            synchronized (this) {
                if (!current.equals(limit)) {
                    buckets.invalidateAll();
                    limit = current;
                }
            }
        }
        Bucket bucket = buckets.get(account, a -> newBucket(current));
        long burst = current.burst();
        // A batch larger than the bucket can never find that many tokens: it waits for a full bucket instead, and
        // the excess is taken as debt, so the account's sustained rate is the limit's whatever its batch size.
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(Math.min(images, burst));
        if (!probe.isConsumed()) return seconds(probe.getNanosToWaitForRefill());
        if (images > burst) bucket.consumeIgnoringRateLimits(images - burst);
        return 0;
    }

    static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private Bucket newBucket(RateLimit l) {
        // burst tokens per burst x (1 s / rate): exact for fractional rates too.
        long period = Math.max(1, Math.round(l.burst() * l.nanosPerImage()));
        Bandwidth bandwidth = Bandwidth.builder().capacity(l.burst()).refillGreedy(l.burst(), Duration.ofNanos(period)).build();
        return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build();
    }
}
