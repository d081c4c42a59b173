package dev.warden.policy;

import java.util.Locale;

/**
 * The policy's {@code state} section: where defenses keep cross-query state. {@code store} is {@code memory}
 * (this process only, bounded and expiring) or {@code redis} (shared by every replica that uses the same
 * Redis and key prefix). {@code onUnavailable} says what a stateful defense does while its store cannot be
 * reached: {@code fail-open} answers as if it had found nothing, {@code fail-closed} refuses the query.
 * {@code dataDir} is where the memory store keeps its generated secrets (relative: to the working directory).
 */
public record StateSettings(String store, String onUnavailable, String dataDir, RedisSettings redis) {
    public static final String MEMORY = "memory";
    public static final String REDIS = "redis";
    public static final String DEFAULT_DATA_DIR = "warden-data";

    /** What a stateful defense does while its store is unreachable. */
    public enum OnUnavailable {
        FAIL_OPEN, FAIL_CLOSED;

        public String policyName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public StateSettings {
        store = store == null ? MEMORY : store.trim().toLowerCase(Locale.ROOT);
        if (!store.equals(MEMORY) && !store.equals(REDIS)) {
            throw new IllegalArgumentException("store must be memory or redis, not '" + store + "'");
        }
        onUnavailable = onUnavailable == null ? OnUnavailable.FAIL_OPEN.policyName() : onUnavailable.trim().toLowerCase(Locale.ROOT);
        parse(onUnavailable);
        dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        if (dataDir.isBlank()) throw new IllegalArgumentException("dataDir must not be blank");
        redis = redis == null ? RedisSettings.defaults() : redis;
    }

    public static StateSettings defaults() {
        return new StateSettings(null, null, null, null);
    }

    public OnUnavailable failureMode() {
        return parse(onUnavailable);
    }

    public boolean usesRedis() {
        return store.equals(REDIS);
    }

    private static OnUnavailable parse(String value) {
        for (OnUnavailable o : OnUnavailable.values()) if (o.policyName().equals(value)) return o;
        throw new IllegalArgumentException("onUnavailable must be fail-open or fail-closed, not '" + value + "'");
    }
}
