package dev.warden.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.RateLimit;
import dev.warden.policy.RedisSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * The shared rate limit against a real Redis: two replicas (two stores, one key prefix) draw on one bucket per
 * account, counting images. The rate is one image a second, so the milliseconds a test takes refill nothing.
 */
class RedisRateLimiterIT {
    static final RateLimit ONE_PER_SECOND = new RateLimit(true, 1.0, 64);
    final JedisPooled redis = RedisFixture.shared();
    final String prefix = RedisFixture.uniquePrefix("rate");

    static RedisStateStore store(String url, String prefix) {
        return RedisStateStore.connect(new RedisSettings(url, prefix, null, null, null), prefix, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    @AfterEach
    void cleanUp() {
        RedisFixture.delete(redis, prefix);
        redis.close();
    }

    @Test
    void twoReplicasShareOneBudgetOfImages() {
        try (RedisStateStore east = store(RedisFixture.SHARED_URL, prefix); RedisStateStore west = store(RedisFixture.SHARED_URL, prefix)) {
            assertThat(east.rateLimiter().secondsToWait("acme", 40, ONE_PER_SECOND)).isZero();
            assertThat(west.rateLimiter().secondsToWait("acme", 30, ONE_PER_SECOND)).as("24 left after east's 40").isPositive();
            assertThat(west.rateLimiter().secondsToWait("acme", 24, ONE_PER_SECOND)).isZero();
            assertThat(east.rateLimiter().secondsToWait("acme", 1, ONE_PER_SECOND)).as("the budget both spent").isEqualTo(1);
            assertThat(west.rateLimiter().secondsToWait("acme", 5, ONE_PER_SECOND)).isBetween(4L, 5L);
            assertThat(east.rateLimiter().secondsToWait("other", 64, ONE_PER_SECOND)).as("another account").isZero();
            List<String> keys = RedisFixture.keys(redis, prefix);
            assertThat(keys).containsExactlyInAnyOrder(prefix + "rate:{acme}", prefix + "rate:{other}");
            for (String key : keys) assertThat(redis.pttl(key)).as(key + " expires once refilled").isBetween(60_000L, 66_000L);
        }
    }

    @Test
    void aBatchLargerThanTheBurstIsAdmittedOnAFullBucketAndRepaidBeforeTheNext() {
        try (RedisStateStore east = store(RedisFixture.SHARED_URL, prefix); RedisStateStore west = store(RedisFixture.SHARED_URL, prefix)) {
            assertThat(east.rateLimiter().secondsToWait("big", 100, ONE_PER_SECOND)).isZero();
            long wait = west.rateLimiter().secondsToWait("big", 1, ONE_PER_SECOND);
            assertThat(wait).as("36 images of debt plus the one asked for").isBetween(36L, 37L);
        }
    }

    @Test
    void anotherPrefixIsAnotherDeployment() {
        String other = RedisFixture.uniquePrefix("rate-other");
        try (RedisStateStore a = store(RedisFixture.SHARED_URL, prefix); RedisStateStore b = store(RedisFixture.SHARED_URL, other)) {
            assertThat(a.rateLimiter().secondsToWait("acme", 64, ONE_PER_SECOND)).isZero();
            assertThat(b.rateLimiter().secondsToWait("acme", 64, ONE_PER_SECOND)).isZero();
        } finally {
            RedisFixture.delete(redis, other);
        }
    }

    @Test
    void whileRedisIsDownEachReplicaLimitsOnItsOwnAndSharesAgainWhenItIsBack() throws Exception {
        try (RedisFixture.Private server = new RedisFixture.Private()) {
            server.start();
            try (RedisStateStore east = store(server.url(), prefix); RedisStateStore west = store(server.url(), prefix)) {
                assertThat(east.rateLimiter().secondsToWait("acme", 64, ONE_PER_SECOND)).isZero();
                server.stop();
                assertThat(west.rateLimiter().secondsToWait("acme", 64, ONE_PER_SECOND)).as("west's own bucket, full").isZero();
                assertThat(west.rateLimiter().secondsToWait("acme", 1, ONE_PER_SECOND)).as("and limited").isPositive();
                assertThat(east.rateLimiter().secondsToWait("acme", 64, ONE_PER_SECOND)).as("east's own, apart from west's").isZero();
                assertThat(east.available()).isFalse();
                assertThat(west.available()).isFalse();
                server.start();
                Thread.sleep(RedisSettings.DEFAULT_RETRY_MILLIS + 100);
                assertThat(east.rateLimiter().secondsToWait("acme", 64, ONE_PER_SECOND)).as("a fresh Redis: an empty, so full, bucket").isZero();
                assertThat(west.rateLimiter().secondsToWait("acme", 1, ONE_PER_SECOND)).as("shared again").isPositive();
                assertThat(west.available()).isTrue();
            }
        }
    }
}
