package dev.warden.state;

import dev.warden.policy.RateLimit;

/** Admission by token bucket per account: one token per image of a request. */
public interface RateLimiter {
    /** Takes {@code images} tokens from the account's bucket; 0 when admitted, else the seconds to wait. */
    long secondsToWait(String account, long images, RateLimit limit);
}
