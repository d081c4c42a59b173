package dev.warden.server;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Starts a real Warden on a free loopback port from a policy written for the test, and talks HTTP to it. */
public final class TestServer implements AutoCloseable {
    public static final Path REPO = Path.of("").toAbsolutePath();
    public static final Path CNN = REPO.resolve("models/fashion-cnn.onnx");
    /** The model policies/default.yaml serves as fashion-cnn, the one policies/default.calibration.json was made for. */
    public static final Path DEFAULT_CNN = REPO.resolve("models/fashion-cnn-robust.onnx");

    private final RunningServer server;
    private final Path policyFile;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestServer(RunningServer server, Path policyFile) {
        this.server = server;
        this.policyFile = policyFile;
    }

    public static TestServer start(Path dir, String policyYaml, Duration watch) throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, policyYaml);
        return new TestServer(RunningServer.start(file, "127.0.0.1", 0, watch), file);
    }

    /** Talks to a server a test started itself (e.g. with options {@link #start} does not take). */
    public static TestServer attach(RunningServer server, Path policyFile) {
        return new TestServer(server, policyFile);
    }

    /** A policy serving the bundled CNN as {@code fashion-cnn}, with the given extra YAML sections. */
    public static String cnnPolicy(String sections) {
        return cnnPolicy(CNN, sections);
    }

    /** The same with another model file (e.g. {@link #DEFAULT_CNN}, to reuse the default policy's calibration). */
    public static String cnnPolicy(Path model, String sections) {
        return "version: 1\nmodels:\n  - name: fashion-cnn\n    path: " + model + "\n" + sections;
    }

    public static LabeledImages testImages() {
        return FashionMnist.bundledTest(REPO);
    }

    public RunningServer running() {
        return server;
    }

    public Path policyFile() {
        return policyFile;
    }

    public String url() {
        return server.url();
    }

    public HttpResponse<String> post(String path, String body, String apiKey) {
        return post(path, body, apiKey, Duration.ofSeconds(30));
    }

    /** A POST that may take longer than an inference (e.g. an admin step that runs a model over a data set). */
    public HttpResponse<String> post(String path, String body, String apiKey, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String apiKey) {
        return get(path, apiKey, Duration.ofSeconds(30));
    }

    public HttpResponse<String> get(String path, String apiKey, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(timeout).GET();
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An OIP request body for one or more 28x28 images, data flat. */
    public static String imagesBody(String id, double[]... images) {
        StringBuilder data = new StringBuilder();
        for (double[] img : images) {
            for (double v : img) {
                if (data.length() > 0) data.append(',');
                data.append(String.format(Locale.ROOT, "%.5f", v));
            }
        }
        return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":["
                + images.length + ",1,28,28],\"data\":[" + data + "]}]}";
    }

    @Override
    public void close() {
        server.close();
    }
}
