package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits that are on by default: per-account rate, per-request timeout; and one shared session under concurrency. */
class LimitsEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anAccountOverItsRateGets429WithRetryAfterWhileOthersAreServed(@TempDir Path dir) throws Exception {
        String key = "rate-key-0123456789";
        try (TestServer server = TestServer.start(dir, TestServer.cnnPolicy("""
                anonymous: {allowed: true, tier: label}
                server: {rateLimit: {requestsPerSecond: 0.5, burst: 2}}
                accounts: [{id: k, keySha256: "%s", tier: label}]
                defenses: [{type: validate}, {type: harden}]
                """.formatted(dev.warden.runtime.Accounts.sha256(key))), null)) {
            String body = TestServer.imagesBody("r", new double[784]);
            assertThat(server.post("/v2/models/fashion-cnn/infer", body, null).statusCode()).isEqualTo(200);
            assertThat(server.post("/v2/models/fashion-cnn/infer", body, null).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = server.post("/v2/models/fashion-cnn/infer", body, null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(JSON.readTree(limited.body()).get("reason").asText()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
            assertThat(server.post("/v2/models/fashion-cnn/infer", body, key).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aSlowBackendTimesOutWith504(@TempDir Path dir) throws Exception {
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.createContext("/v2/models/slow", exchange -> {
            byte[] answer;
            if (exchange.getRequestURI().getPath().endsWith("/infer")) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer = "{\"outputs\":[]}".getBytes(StandardCharsets.UTF_8);
            } else {
                answer = """
                        {"name":"slow","versions":["1"],"platform":"x",
                         "inputs":[{"name":"input","datatype":"FP32","shape":[-1,1,28,28]}],
                         "outputs":[{"name":"logits","datatype":"FP32","shape":[-1,10]}]}""".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        slow.setExecutor(Executors.newCachedThreadPool());
        slow.start();
        try (TestServer server = TestServer.start(dir, """
                version: 1
                anonymous: {allowed: true, tier: scores}
                server: {requestTimeoutMillis: 300}
                models: [{name: slow, backend: oip, url: "http://127.0.0.1:%d", timeoutMillis: 10000}]
                defenses: [{type: validate}]
                """.formatted(slow.getAddress().getPort()), null)) {
            long start = System.nanoTime();
            HttpResponse<String> r = server.post("/v2/models/slow/infer", TestServer.imagesBody("t", new double[784]), null);
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(JSON.readTree(r.body()).get("reason").asText()).isEqualTo("timeout");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.5);
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void concurrentClientsShareOneSessionAndGetTheSameAnswersAsOneClient(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.cnnPolicy("""
                anonymous: {allowed: true, tier: scores}
                server: {rateLimit: {enabled: false}}
                defenses: [{type: validate}, {type: harden}]
                """), null)) {
            var test = TestServer.testImages();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                expected.add(JSON.readTree(server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("s", test.image(i)), null).body())
                        .get("outputs").toString());
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Boolean>> same = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < 40; i++) {
                        int index = i;
                        same.add(pool.submit(() -> {
                            HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("c", test.image(index)), null);
                            return r.statusCode() == 200 && JSON.readTree(r.body()).get("outputs").toString().equals(expected.get(index));
                        }));
                    }
                }
                for (Future<Boolean> f : same) assertThat(f.get()).isTrue();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
