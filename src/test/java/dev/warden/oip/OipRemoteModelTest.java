package dev.warden.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.warden.model.ModelException;
import dev.warden.model.ModelMetadata;
import dev.warden.model.ModelSidecar;
import dev.warden.model.OnnxModel;
import dev.warden.model.TestModels;
import dev.warden.model.ValueRange;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote OIP server (a JDK HTTP server running the bare rgb-cnn, which expects normalized input) behind
 * {@link OipRemoteModel}: the sidecar's normalization is applied before the request is sent.
 */
class OipRemoteModelTest {
    static final JsonNode EXPECTED = TestModels.expected("rgb-cnn.expected.json");

    @TempDir
    Path dir;
    private HttpServer server;
    private OnnxModel upstream;

    @BeforeEach
    void start() throws IOException {
        upstream = TestModels.loadBare("rgb-cnn.onnx", dir);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/models/rgb", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        upstream.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        if (exchange.getRequestMethod().equals("GET")) {
            body = OipCodec.JSON.writeValueAsBytes(OipCodec.metadataJson(upstream.metadata()));
        } else {
            InferRequest request = OipCodec.parseRequest(exchange.getRequestBody().readAllBytes());
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (Tensor t : request.inputs()) inputs.put(t.name(), t);
            body = OipCodec.writeResponse(new InferResponse("rgb", "1", null, null, new ArrayList<>(upstream.infer(inputs).values())));
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void sidecarNormalizationIsAppliedBeforeSending() {
        ModelSidecar sidecar = ModelSidecar.read(TestModels.file("rgb-cnn.json"));
        try (OipRemoteModel remote = OipRemoteModel.connect(url(), "rgb", "rgb-remote", Duration.ofSeconds(5), null, sidecar)) {
            ModelMetadata meta = remote.metadata();
            assertThat(meta.name()).isEqualTo("rgb-remote");
            assertThat(meta.labels()).containsExactly("red", "green", "blue");
            assertThat(meta.domain("input").normalization()).isNotNull();
            assertThat(meta.inputRange()).isEqualTo(new ValueRange(0, 1));
            double[] pixels = TestModels.rgbPixels(2);
            double[] logits = remote.infer(Map.of("input", Tensor.fp32("input", new long[]{1, 3, 32, 32}, pixels))).get("logits").values();
            assertThat(logits).containsExactly(TestModels.row(EXPECTED.get("logits").get(2)), within(1e-4));
        }
    }

    @Test
    void withoutSidecarMetadataIsInferredFromTheServersAnswer() {
        try (OipRemoteModel remote = OipRemoteModel.connect(url(), "rgb", null, Duration.ofSeconds(5), null, null)) {
            ModelMetadata meta = remote.metadata();
            assertThat(meta.layout()).isEqualTo("NCHW");
            assertThat(meta.scoresOutput()).isEqualTo("logits");
            assertThat(meta.featuresOutput()).isEqualTo("features");
            assertThat(meta.domain("input").normalization()).isNull();
        }
    }
}
