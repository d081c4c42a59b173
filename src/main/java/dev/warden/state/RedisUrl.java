package dev.warden.state;

import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * A {@code redis://[user:]password@host[:port][/db]} or {@code rediss://} URL as Jedis connection settings.
 * Jedis's own URI helper takes neither a password without a user nor a URL without a port, both common.
 */
public record RedisUrl(URI uri) {
    public static final int DEFAULT_PORT = 6379;

    public static RedisUrl parse(String url) {
        return new RedisUrl(URI.create(url));
    }

    public HostAndPort address() {
        return new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT);
    }

    /** host:port, for messages (never the credentials). */
    public String where() {
        return address().toString();
    }

    public JedisClientConfig clientConfig(int timeoutMillis, String clientName) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis)
                .ssl("rediss".equals(uri.getScheme())).clientName(clientName);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                config.password(userInfo);
            } else {
                if (colon > 0) config.user(userInfo.substring(0, colon));
                config.password(userInfo.substring(colon + 1));
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) config.database(Integer.parseInt(path.substring(1)));
        return config.build();
    }
}
