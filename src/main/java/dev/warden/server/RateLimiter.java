package dev.warden.server;

import dev.warden.policy.RateLimit;
import dev.warden.state.MemoryStateStore;
import java.time.Clock;

/**
 * The rate limit of the HTTP path as it stands: one token per request, in this process. The buckets are the
 * state package's ({@link dev.warden.state.RateLimiter}, which counts images and is shared through Redis when the
 * state is there); this class goes when the request path moves to the InferenceService, which takes the state
 * store's limiter and the batch size.
 */
final class RateLimiter {
    private final dev.warden.state.RateLimiter buckets = MemoryStateStore.ephemeral(Clock.systemUTC()).rateLimiter();

    RateLimiter(RateLimit limit) {
    }

    long secondsToWait(String accountId, RateLimit current) {
        return buckets.secondsToWait(accountId, 1, current);
    }
}
