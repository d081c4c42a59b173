package dev.warden.state;

import dev.warden.policy.RedisSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;

/**
 * State in Redis, shared by every replica that uses the same server and key prefix. Every key has a TTL;
 * every update is one atomic script; every call has a timeout and goes through a circuit breaker, so an
 * unreachable Redis costs a request at most one timeout and then fails fast until it is back. Connecting
 * happens on first use: a replica starts while Redis is down and recovers by itself when it returns.
 */
public final class RedisStateStore implements StateStore {
    static final Duration SECRET_TTL = Duration.ofDays(30);
    private static final RedisScript SECRET = RedisScript.load("secret");

    private final JedisPooled pool;
    private final RedisGate gate;
    private final String prefix;
    private final RedisRateLimiter rateLimiter;

    private RedisStateStore(JedisPooled pool, RedisGate gate, String prefix, Clock clock) {
        this.pool = pool;
        this.gate = gate;
        this.prefix = prefix;
        this.rateLimiter = new RedisRateLimiter(gate, prefix, new MemoryRateLimiter(clock));
    }

    public static RedisStateStore connect(RedisSettings settings, String prefix, Clock clock, MeterRegistry metrics) {
        dev.warden.log.Redactor.registerUrl(settings.url());
        RedisUrl url = RedisUrl.parse(settings.url());
        GenericObjectPoolConfig<Connection> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(settings.poolSize());
        poolConfig.setMaxIdle(settings.poolSize());
        poolConfig.setMaxWait(Duration.ofMillis(settings.timeoutMillis()));
        poolConfig.setJmxEnabled(false);
        JedisPooled pool = new JedisPooled(url.address(), url.clientConfig(settings.timeoutMillis(), "warden"), poolConfig);
        String where = url.where();
        return new RedisStateStore(pool, new RedisGate(pool, where, Duration.ofMillis(settings.retryMillis()), clock, metrics), prefix, clock);
    }

    @Override
    public String kind() {
        return "redis";
    }

    public String prefix() {
        return prefix;
    }

    /** Whether the last call reached Redis. */
    public boolean available() {
        return gate.up();
    }

    @Override
    public FingerprintIndex fingerprints(String namespace, FingerprintIndex.Limits limits) {
        return new RedisFingerprintIndex(gate, prefix, namespace, limits);
    }

    @Override
    public Strikes strikes(String namespace) {
        return new RedisStrikes(gate, prefix, namespace);
    }

    @Override
    public VectorBuffers vectors(String namespace, VectorBuffers.Limits limits) {
        return new RedisVectorBuffers(gate, prefix, namespace, limits);
    }

    @Override
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    @Override
    public byte[] secret(String name) {
        String fresh = HexFormat.of().formatHex(SecretFile.random());
        Object value = gate.eval(SECRET, List.of(prefix + "secret:" + name), List.of(fresh, Long.toString(SECRET_TTL.toMillis())));
        return HexFormat.of().parseHex(RedisValues.text(value));
    }

    @Override
    public void close() {
        pool.close();
    }
}
