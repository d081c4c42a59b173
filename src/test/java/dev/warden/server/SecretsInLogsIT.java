package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import dev.warden.failures.TestDatabases;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.policy.RedisSettings;
import dev.warden.runtime.Accounts;
import dev.warden.state.RedisFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real server whose Redis (a private redis-server requiring a password) and failure database (PostgreSQL, the
 * password as a URL parameter) are reached with secrets: no log line, as logged and as the configured appender
 * writes it, and no error message carries them. Redis and PostgreSQL are also made to fail, so that the error
 * paths log too.
 */
class SecretsInLogsIT {
    static final String REDIS_PASSWORD = "r3dis-Pa55-" + Long.toHexString(System.nanoTime());
    static final String PG_PASSWORD = "pg-Pa55-" + Long.toHexString(System.nanoTime());
    static final String ADMIN = "wk_" + "AdminKeyForTheLogTest0123456789abcdefXYZ";

    @TempDir
    Path dir;

    @Test
    void noSecretReachesTheLogOrAnError() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        captured.start();
        root.addAppender(captured);
        List<String> errors = new ArrayList<>();
        String pg = TestDatabases.postgres() + "&password=" + PG_PASSWORD;
        try (RedisFixture.Private redis = new RedisFixture.Private(REDIS_PASSWORD)) {
            redis.start();
            String policy = TestServer.cnnPolicy("""
                    anonymous: {allowed: true, tier: label}
                    admin: {keySha256: [%s]}
                    state: {store: redis, redis: {url: "%s", keyPrefix: "secrets-it:"}}
                    failures: {url: "%s"}
                    defenses:
                      - {type: validate}
                      - {type: query, action: flag}
                    """.formatted(Accounts.sha256(ADMIN), redis.url(), pg));
            try (TestServer server = TestServer.start(dir, policy, null)) {
                double[] image = TestServer.testImages().image(3);
                assertThat(server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("a", image), null).statusCode()).isEqualTo(200);
                assertThat(server.get("/api/failures", ADMIN).statusCode()).as("opens the failure database").isEqualTo(200);
                redis.stop();
                assertThat(server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("b", image), null).statusCode())
                        .as("fail-open while Redis is down").isEqualTo(200);
            }
        } finally {
            TestDatabases.dropPostgres(pg.replace("&password=" + PG_PASSWORD, ""));
        }
        String unreachable = "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=" + PG_PASSWORD + "&connectTimeout=2";
        assertThatThrownBy(() -> JdbcFailureStore.open(unreachable)).satisfies(e -> errors.add(String.valueOf(e.getMessage())));
        assertThatThrownBy(() -> new RedisSettings("redis://:" + REDIS_PASSWORD + "@", null, null, null, null))
                .satisfies(e -> errors.add(e.getMessage()));
        // What a library might log: the raw URL and key. The source has it; the configured layout must not write it.
        LoggerFactory.getLogger("some.library").info("connecting to redis://:{}@cache:6379 with Authorization: Bearer {}", REDIS_PASSWORD, ADMIN);
        root.detachAppender(captured);

        assertThat(captured.list).as("the server logged").hasSizeGreaterThan(3);
        for (String error : errors) assertThat(error).doesNotContain(REDIS_PASSWORD).doesNotContain(PG_PASSWORD).contains("***");
        var stderr = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR");
        List<String> written = new ArrayList<>();
        for (ILoggingEvent e : captured.list) {
            String raw = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            if (!e.getLoggerName().equals("some.library")) {
                assertThat(raw).as("logged by %s", e.getLoggerName()).doesNotContain(REDIS_PASSWORD, PG_PASSWORD, ADMIN);
            } else {
                assertThat(raw).as("the check can fail").contains(REDIS_PASSWORD);
            }
            written.add(new String(stderr.getEncoder().encode(e), StandardCharsets.UTF_8));
        }
        String all = String.join("", written);
        assertThat(all).contains("state store: redis at redis://:***@127.0.0.1:").contains("with Authorization: Bearer ***");
        assertThat(all).doesNotContain(REDIS_PASSWORD).doesNotContain(PG_PASSWORD).doesNotContain(ADMIN);
    }
}
