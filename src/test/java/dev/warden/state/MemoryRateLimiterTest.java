package dev.warden.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.TestClock;
import dev.warden.policy.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryRateLimiterTest {
    static final RateLimit TEN_PER_SECOND = new RateLimit(true, 10.0, 64);

    /** The contract every rate limiter keeps with a full bucket of 64 images at 10 images per second. */
    static void batchesTakeOneTokenPerImage(RateLimiter limiter, String account) {
        assertThat(limiter.secondsToWait(account, 64, TEN_PER_SECOND)).as("one full batch").isZero();
        long wait = limiter.secondsToWait(account, 1, TEN_PER_SECOND);
        assertThat(wait).as("the batch emptied the bucket: one more image waits 0.1 s, rounded up").isEqualTo(1);
        assertThat(limiter.secondsToWait(account + "-other", 64, TEN_PER_SECOND)).as("another account's bucket").isZero();
    }

    @Test
    void aBatchOf64TakesSixtyFourTokensNotOne() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        RateLimiter limiter = new MemoryRateLimiter(clock);
        batchesTakeOneTokenPerImage(limiter, "acme");
        clock.advance(Duration.ofMillis(3_200));
        assertThat(limiter.secondsToWait("acme", 32, TEN_PER_SECOND)).as("32 images earned in 3.2 s").isZero();
        assertThat(limiter.secondsToWait("acme", 10, TEN_PER_SECOND)).as("nothing left; 10 images take a second").isEqualTo(1);
        clock.advance(Duration.ofMillis(900));
        assertThat(limiter.secondsToWait("acme", 10, TEN_PER_SECOND)).as("9 images earned, not 10").isEqualTo(1);
        clock.advance(Duration.ofMillis(100));
        assertThat(limiter.secondsToWait("acme", 10, TEN_PER_SECOND)).isZero();
    }

    @Test
    void aBatchLargerThanTheBurstWaitsForAFullBucketAndLeavesTheExcessAsDebt() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        RateLimiter limiter = new MemoryRateLimiter(clock);
        assertThat(limiter.secondsToWait("acme", 10, TEN_PER_SECOND)).isZero();
        assertThat(limiter.secondsToWait("acme", 100, TEN_PER_SECOND)).as("needs a full bucket: 10 images = 1 s away").isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.secondsToWait("acme", 100, TEN_PER_SECOND)).as("full: admitted, 36 images in debt").isZero();
        clock.advance(Duration.ofMillis(3_500));
        assertThat(limiter.secondsToWait("acme", 1, TEN_PER_SECOND)).as("35 of the 36 repaid").isEqualTo(1);
        clock.advance(Duration.ofMillis(200));
        assertThat(limiter.secondsToWait("acme", 1, TEN_PER_SECOND)).isZero();
    }

    @Test
    void aFractionalRateRefillsExactly() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        RateLimiter limiter = new MemoryRateLimiter(clock);
        RateLimit slow = new RateLimit(true, 0.5, 1);
        assertThat(limiter.secondsToWait("a", 1, slow)).isZero();
        assertThat(limiter.secondsToWait("a", 1, slow)).isEqualTo(2);
        clock.advance(Duration.ofMillis(1_999));
        assertThat(limiter.secondsToWait("a", 1, slow)).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.secondsToWait("a", 1, slow)).isZero();
    }

    @Test
    void aChangedLimitStartsTheBucketsOverAndADisabledOneAdmitsEverything() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        RateLimiter limiter = new MemoryRateLimiter(clock);
        assertThat(limiter.secondsToWait("a", 64, TEN_PER_SECOND)).isZero();
        assertThat(limiter.secondsToWait("a", 64, TEN_PER_SECOND)).isPositive();
        assertThat(limiter.secondsToWait("a", 64, new RateLimit(true, 10.0, 128))).as("reloaded policy, fresh bucket").isZero();
        RateLimit off = new RateLimit(false, null, null);
        for (int i = 0; i < 1000; i++) assertThat(limiter.secondsToWait("a", 64, off)).isZero();
        assertThatThrownBy(() -> limiter.secondsToWait("a", 0, TEN_PER_SECOND)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMemoryStoreHandsOutOneLimiterForItsLifetime() {
        MemoryStateStore store = MemoryStateStore.ephemeral(TestClock.at("2026-01-01T00:00:00Z"));
        assertThat(store.rateLimiter()).isSameAs(store.rateLimiter());
    }
}
