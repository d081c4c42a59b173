package dev.warden.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.runtime.Accounts;
import dev.warden.server.RunningServer;
import dev.warden.server.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A real Warden for update tests: a policy written into a temporary folder, an admin key, HTTP helpers. */
final class UpdateServer implements AutoCloseable {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final String ADMIN = "update-admin-key";
    static final ObjectMapper JSON = new ObjectMapper();

    final RunningServer server;
    final Path dir;
    private final TestServer http;

    private UpdateServer(RunningServer server, Path policyFile, Path dir) {
        this.server = server;
        this.dir = dir;
        this.http = TestServer.attach(server, policyFile);
    }

    /** policies/default.yaml (every calibrated defense), with this test's admin key, data folder and failure database. */
    static String defaultPolicy(Path dir, String extra) throws IOException {
        String text = Files.readString(REPO.resolve("policies/default.yaml"))
                .replace("calibration: default.calibration.json", "calibration: " + REPO.resolve("policies/default.calibration.json"))
                .replace("path: ../models/", "path: " + REPO.resolve("models") + "/")
                .replace("admin:\n  keySha256: []", "admin:\n  keySha256: [" + Accounts.sha256(ADMIN) + "]")
                .replace("  store: memory                 # memory | redis", "  store: memory\n  dataDir: " + dir.resolve("data"))
                .replace("    requestsPerSecond: 100\n    burst: 200", "    requestsPerSecond: 100000\n    burst: 100000");
        return text + "\nfailures: {url: \"jdbc:sqlite:" + dir.resolve("failures.db") + "\"}\n" + extra;
    }

    /** A light chain (validate, harden): no calibration, no cross-query state. */
    static String lightPolicy(Path dir, String extra) {
        return """
                version: 1
                server: {rateLimit: {requestsPerSecond: 100000, burst: 100000}}
                anonymous: {allowed: true, tier: label}
                admin: {keySha256: [%s]}
                state: {dataDir: "%s"}
                failures: {url: "jdbc:sqlite:%s"}
                models:
                  - name: fashion-cnn
                    path: %s
                defenses:
                  - type: validate
                    maxBatch: 64
                  - type: harden
                """.formatted(Accounts.sha256(ADMIN), dir.resolve("data"), dir.resolve("failures.db"), REPO.resolve("models/fashion-cnn.onnx")) + extra;
    }

    static UpdateServer start(Path dir, String policy) throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, policy);
        return new UpdateServer(RunningServer.start(file, "127.0.0.1", 0, null), file, dir);
    }

    static double[] testImage(int index) {
        return dev.warden.data.FashionMnist.bundledTest(REPO).image(index);
    }

    String url() {
        return server.url();
    }

    HttpResponse<String> post(String path, String body, String key) {
        return http.post(path, body, key, Duration.ofMinutes(10));
    }

    HttpResponse<String> get(String path, String key) {
        return http.get(path, key, Duration.ofMinutes(2));
    }

    /** An admin call that must succeed; its JSON. */
    JsonNode admin(String method, String path, String body) {
        HttpResponse<String> r = method.equals("GET") ? get(path, ADMIN) : post(path, body, ADMIN);
        if (r.statusCode() != 200) throw new AssertionError(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        return json(r.body());
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
