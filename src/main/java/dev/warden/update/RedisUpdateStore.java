package dev.warden.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import redis.clients.jedis.JedisPooled;

/**
 * Update records in Redis under {@code <prefix>update:<model>} (the policy's state key prefix, so replicas of one
 * deployment share them), with the set of models in {@code <prefix>updates}. No TTL: an update lasts until it ends.
 */
final class RedisUpdateStore implements UpdateStore {
    private final JedisPooled redis;
    private final String prefix;

    RedisUpdateStore(String url, String prefix, int timeoutMillis) {
        dev.warden.state.RedisUrl parsed = dev.warden.state.RedisUrl.parse(url);
        this.redis = new JedisPooled(parsed.address(), parsed.clientConfig(Math.max(timeoutMillis, 1000), "warden-update"));
        this.prefix = prefix;
    }

    @Override
    public Optional<UpdateRecord> load(String model) {
        String json = redis.get(prefix + "update:" + model);
        if (json == null) return Optional.empty();
        try {
            return Optional.of(FileUpdateStore.JSON.readValue(json, UpdateRecord.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the update record of " + model + " in Redis is malformed: " + e.getOriginalMessage());
        }
    }

    @Override
    public List<UpdateRecord> all() {
        List<UpdateRecord> out = new ArrayList<>();
        for (String model : new TreeSet<>(redis.smembers(prefix + "updates"))) load(model).ifPresent(out::add);
        return out;
    }

    @Override
    public void save(UpdateRecord record) {
        try {
            redis.set(prefix + "update:" + record.model(), FileUpdateStore.JSON.writeValueAsString(record));
            redis.sadd(prefix + "updates", record.model());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String describe() {
        return "redis, keys " + prefix + "update:*";
    }

    @Override
    public void close() {
        redis.close();
    }
}
