package dev.warden.state;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Every Redis call goes through here, in the manner of a circuit breaker: a failed call (refused, timed out,
 * broken connection) marks Redis down for {@code retry}, during which calls fail at once instead of each
 * waiting for a timeout; the first call after that tries again, and a success marks it up. An error reply
 * (Redis answered, e.g. a key of the wrong type) fails that call only. Transitions are
 * logged once each; every failure is counted ({@code warden.state.errors{store=redis}}) and the state is a
 * gauge ({@code warden.state.available{store=redis}}, 1 or 0).
 */
final class RedisGate {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisGate.class);

    private final JedisPooled redis;
    private final String where;
    private final Clock clock;
    private final long retryMillis;
    private final Counter errors;
    private volatile long downUntil;
    private volatile boolean down;
    private volatile long dataErrorLoggedUntil;

    RedisGate(JedisPooled redis, String where, Duration retry, Clock clock, MeterRegistry metrics) {
        this.redis = redis;
        this.where = where;
        this.clock = clock;
        this.retryMillis = retry.toMillis();
        this.errors = Counter.builder("warden.state.errors").tag("store", "redis").register(metrics);
        Gauge.builder("warden.state.available", this, g -> g.down ? 0 : 1).tag("store", "redis").register(metrics);
    }

    <T> T call(String operation, Function<JedisPooled, T> body) {
        if (down && clock.millis() < downUntil) {
            throw new StateUnavailableException("redis at " + where + " is unavailable (next try in "
                    + Math.max(0, downUntil - clock.millis()) + " ms)", null);
        }
        try {
            T result = body.apply(redis);
            if (down) {
                down = false;
                LOG.info("redis at {} is reachable again", where);
            }
            return result;
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            // Redis answered, with an error about this call's keys or data: it is not down, and one bad key must
            // not switch the state off for every client. Logged at most once per retry interval.
            errors.increment();
            long now = clock.millis();
            if (now >= dataErrorLoggedUntil) {
                dataErrorLoggedUntil = now + retryMillis;
                LOG.error("redis at {} refused {}: {}", where, operation, e.getMessage());
            }
            throw new StateUnavailableException("redis at " + where + " refused " + operation + ": " + e.getMessage(), e);
        } catch (JedisException e) {
            errors.increment();
            downUntil = clock.millis() + retryMillis;
            if (!down) {
                down = true;
                LOG.error("redis at {} failed during {}: {}; stateful defenses follow state.onUnavailable, next try in {} ms",
                        where, operation, e.toString(), retryMillis);
            }
            throw new StateUnavailableException("redis at " + where + " failed during " + operation + ": " + e.getMessage(), e);
        }
    }

    /** Runs a script by its SHA-1, loading it first when Redis does not have it (after a restart, say). */
    Object eval(RedisScript script, java.util.List<String> keys, java.util.List<String> args) {
        return call(script.name(), r -> {
            try {
                return r.evalsha(script.sha1(), keys, args);
            } catch (JedisNoScriptException e) {
                return r.eval(script.text(), keys, args);
            }
        });
    }

    Object evalBinary(RedisScript script, java.util.List<byte[]> keys, java.util.List<byte[]> args) {
        return call(script.name(), r -> {
            try {
                return r.evalsha(script.sha1().getBytes(java.nio.charset.StandardCharsets.US_ASCII), keys, args);
            } catch (JedisNoScriptException e) {
                return r.eval(script.text().getBytes(java.nio.charset.StandardCharsets.UTF_8), keys, args);
            }
        });
    }

    boolean up() {
        return !down;
    }
}
