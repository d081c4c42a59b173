package dev.warden.state;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis for integration tests: the shared one on 127.0.0.1:6379 (tools/test.sh starts it), each test under a
 * key prefix of its own; or a private redis-server on a free port that the test can stop and start again.
 */
public final class RedisFixture {
    public static final String SHARED_URL = "redis://127.0.0.1:6379";

    private RedisFixture() {
    }

    public static String uniquePrefix(String test) {
        return "warden-it:" + test + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    public static JedisPooled shared() {
        return new JedisPooled("127.0.0.1", 6379);
    }

    public static List<String> keys(JedisPooled redis, String prefix) {
        List<String> out = new ArrayList<>();
        ScanParams params = new ScanParams().match(prefix + "*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            out.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return out;
    }

    public static void delete(JedisPooled redis, String prefix) {
        for (String key : keys(redis, prefix)) redis.del(key);
    }

    /** A redis-server of the test's own, on a free port, without persistence. */
    public static final class Private implements AutoCloseable {
        private final int port;
        private final Path dir;
        private final String password;
        private Process process;

        public Private() throws IOException {
            this(null);
        }

        /** A server that requires {@code password} (AUTH), when not null. */
        public Private(String password) throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            dir = Files.createTempDirectory("warden-redis-it");
            this.password = password;
        }

        public int port() {
            return port;
        }

        public String url() {
            return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
        }

        public void start() throws IOException, InterruptedException {
            String binary = Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
            List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString()));
            if (password != null) command.addAll(List.of("--requirepass", password));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                try (JedisPooled r = new JedisPooled("127.0.0.1", port, null, password)) {
                    if ("PONG".equals(r.ping())) return;
                } catch (RuntimeException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("redis-server on port " + port + " did not start; see " + dir.resolve("redis.log"));
        }

        public void stop() throws InterruptedException {
            if (process == null) return;
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            process = null;
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
