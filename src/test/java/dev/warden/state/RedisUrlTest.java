package dev.warden.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisClientConfig;

/** The Redis URLs operators write: with or without port, password alone or with a user, a database, TLS. */
class RedisUrlTest {
    @Test
    void aBareHostGetsTheDefaultPortAndNoCredentials() {
        RedisUrl url = RedisUrl.parse("redis://127.0.0.1");
        assertThat(url.where()).isEqualTo("127.0.0.1:6379");
        JedisClientConfig config = url.clientConfig(500, "warden");
        assertThat(config.getPassword()).isNull();
        assertThat(config.getUser()).isNull();
        assertThat(config.getDatabase()).isZero();
        assertThat(config.isSsl()).isFalse();
        assertThat(config.getSocketTimeoutMillis()).isEqualTo(500);
    }

    @Test
    void aPasswordAloneAUserWithAPasswordAndADatabase() {
        JedisClientConfig passwordOnly = RedisUrl.parse("redis://s3cret@cache:7000/2").clientConfig(1000, "warden");
        assertThat(passwordOnly.getUser()).isNull();
        assertThat(passwordOnly.getPassword()).isEqualTo("s3cret");
        assertThat(passwordOnly.getDatabase()).isEqualTo(2);
        assertThat(RedisUrl.parse("redis://s3cret@cache:7000/2").where()).isEqualTo("cache:7000");

        JedisClientConfig user = RedisUrl.parse("rediss://ops:pa:ss@cache").clientConfig(1000, "warden");
        assertThat(user.getUser()).isEqualTo("ops");
        assertThat(user.getPassword()).isEqualTo("pa:ss");
        assertThat(user.isSsl()).isTrue();

        JedisClientConfig emptyUser = RedisUrl.parse("redis://:pw@cache").clientConfig(1000, "warden");
        assertThat(emptyUser.getUser()).isNull();
        assertThat(emptyUser.getPassword()).isEqualTo("pw");
    }
}
