package dev.warden.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Update records in Redis under {@code <prefix>update:<model>} (the policy's state key prefix, so replicas of one
 * deployment share them), with the set of models in {@code <prefix>updates}. No TTL: an update lasts until it ends.
 */
final class RedisUpdateStore implements UpdateStore {
    private final JedisPooled redis;
    private final String prefix;

    RedisUpdateStore(String url, String prefix, int timeoutMillis) {
        URI uri = URI.create(url);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(Math.max(timeoutMillis, 1000)).socketTimeoutMillis(Math.max(timeoutMillis, 1000))
                .ssl("rediss".equals(uri.getScheme())).clientName("warden-update");
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) config.password(userInfo);
            else {
                if (colon > 0) config.user(userInfo.substring(0, colon));
                config.password(userInfo.substring(colon + 1));
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) config.database(Integer.parseInt(path.substring(1)));
        this.redis = new JedisPooled(new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), config.build());
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
