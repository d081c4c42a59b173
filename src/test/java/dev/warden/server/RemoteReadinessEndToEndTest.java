package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.warden.model.ModelException;
import dev.warden.model.OnnxModel;
import dev.warden.oip.InferRequest;
import dev.warden.oip.InferResponse;
import dev.warden.oip.OipCodec;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness of a route whose model is a remote OIP backend (a JDK HTTP server running the bundled CNN): it
 * follows the backend, and a Warden started while its backend is down starts, says not ready, and becomes
 * ready when the backend answers.
 */
class RemoteReadinessEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static OnnxModel cnn;
    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        cnn = OnnxModel.load(TestServer.CNN, "fashion-cnn", 1);
    }

    @AfterAll
    static void unload() {
        cnn.close();
    }

    static HttpServer upstream(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v2/models/fashion-cnn", RemoteReadinessEndToEndTest::handle);
        server.start();
        return server;
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        if (path.endsWith("/ready")) {
            body = new byte[0]; // Triton's ready answer: 200, empty body
        } else if (exchange.getRequestMethod().equals("GET")) {
            body = OipCodec.JSON.writeValueAsBytes(OipCodec.metadataJson(cnn.metadata()));
        } else {
            InferRequest request = OipCodec.parseRequest(exchange.getRequestBody().readAllBytes());
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (Tensor t : request.inputs()) inputs.put(t.name(), t);
            body = OipCodec.writeResponse(new InferResponse("fashion-cnn", "1", null, null, new ArrayList<>(cnn.infer(inputs).values())));
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
        exchange.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String policy(int port, boolean sidecar) {
        return """
                version: 1
                anonymous: {allowed: true, tier: label}
                server: {rateLimit: {enabled: false}}
                models:
                  - {name: remote-cnn, backend: oip, url: "http://127.0.0.1:%d", remoteName: fashion-cnn, timeoutMillis: 2000%s}
                defenses: [{type: validate}]
                """.formatted(port, sidecar ? ", sidecar: " + TestServer.REPO.resolve("models/fashion-cnn.json") : "");
    }

    static void awaitReady(TestServer guard, String path, boolean expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            HttpResponse<String> r = guard.get(path, null);
            boolean ready = r.statusCode() == 200;
            if (ready == expected) {
                assertThat(r.body()).contains("\"ready\":" + expected);
                return;
            }
            if (Instant.now().isAfter(deadline)) Assertions.fail(path + " did not become " + (expected ? "ready" : "not ready") + ": " + r.statusCode() + " " + r.body());
            Thread.sleep(200);
        }
    }

    @Test
    void readinessFollowsTheBackendAndAWardenStartedWhileItIsDownStartsNotReady() throws Exception {
        int port = freePort();
        try (TestServer guard = TestServer.start(dir, policy(port, true), null)) {
            HttpResponse<String> model = guard.get("/v2/models/remote-cnn/ready", null);
            assertThat(model.statusCode()).as("backend down at start: not ready (OIP: 4xx, as Triton's 400)").isEqualTo(400);
            assertThat(JSON.readTree(model.body()).get("ready").asBoolean()).isFalse();
            assertThat(guard.get("/v2/health/ready", null).statusCode()).isEqualTo(400);
            assertThat(guard.get("/v2/health/live", null).statusCode()).isEqualTo(200);
            JsonNode meta = JSON.readTree(guard.get("/v2/models/remote-cnn", null).body());
            assertThat(meta.get("inputs").get(0).get("shape").toString()).as("metadata from the sidecar").isEqualTo("[-1,1,28,28]");
            HttpResponse<String> refused = guard.post("/v2/models/remote-cnn/infer", TestServer.imagesBody("a", TestServer.testImages().image(0)), null);
            assertThat(refused.statusCode()).isEqualTo(502);

            HttpServer backend = upstream(port);
            try {
                awaitReady(guard, "/v2/models/remote-cnn/ready", true);
                awaitReady(guard, "/v2/health/ready", true);
                HttpResponse<String> ok = guard.post("/v2/models/remote-cnn/infer", TestServer.imagesBody("b", TestServer.testImages().image(0)), null);
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
                assertThat(JSON.readTree(ok.body()).get("outputs").get(0).get("data").get(0).asText()).isEqualTo("Ankle boot");
            } finally {
                backend.stop(0);
            }
            awaitReady(guard, "/v2/models/remote-cnn/ready", false);
            awaitReady(guard, "/v2/health/ready", false);
        }
    }

    @Test
    void aBackendDownAtStartWithNoWayToKnowItsMetadataIsAClearError() throws Exception {
        int port = freePort();
        Assertions.assertThatThrownBy(() -> TestServer.start(dir, policy(port, false), null).close())
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("metadata of fashion-cnn from http://127.0.0.1:" + port + " failed: ConnectException")
                .hasMessageContaining("cannot know the inputs and outputs of fashion-cnn")
                .hasMessageContaining("sidecar");
    }

    @Test
    void theReadyProbeNeverBlocksARequest() throws Exception {
        // A backend that accepts connections and never answers: each probe waits for its whole timeout.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             TestServer guard = TestServer.start(dir, policy(silent.getLocalPort(), true), null)) {
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) assertThat(guard.get("/v2/models/remote-cnn/ready", null).statusCode()).isEqualTo(400);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered from the cache, not after the probe")
                    .isLessThan(Duration.ofSeconds(3));
        }
    }
}
