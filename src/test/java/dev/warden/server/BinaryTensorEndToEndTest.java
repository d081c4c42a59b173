package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.oip.InferResponse;
import dev.warden.oip.OipCodec;
import dev.warden.runtime.Accounts;
import dev.warden.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary tensor extension (Triton's {@code binary_tensor_data}) over real HTTP with the bundled CNN:
 * requests whose inputs follow a JSON header as raw bytes, answers whose outputs do, and malformed layouts.
 */
class BinaryTensorEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCORES_KEY = "key-binary-scores-0123456789";
    static final String PATH = "/v2/models/fashion-cnn/infer";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, TestServer.cnnPolicy("""
                anonymous: {allowed: true, tier: label}
                server: {rateLimit: {enabled: false}}
                accounts:
                  - {id: s, keySha256: %s, tier: scores}
                defenses:
                  - type: validate
                """.formatted(Accounts.sha256(SCORES_KEY))), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Image {@code i} of the bundled test set as FP32 little-endian bytes. */
    static byte[] imageBytes(int i) {
        double[] image = TestServer.testImages().image(i);
        ByteBuffer b = ByteBuffer.allocate(image.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : image) b.putFloat((float) v);
        return b.array();
    }

    static String header(long binarySize, String extra) {
        return "{\"id\":\"b\",\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,1,28,28],"
                + "\"parameters\":{\"binary_data_size\":" + binarySize + "}}]" + extra + "}";
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static HttpResponse<byte[]> post(byte[] body, String headerLength, String key, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headerLength != null) b.header("Inference-Header-Content-Length", headerLength);
        if (key != null) b.header("Authorization", "Bearer " + key);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> binaryRequest(String extra, String key) throws Exception {
        byte[] header = header(784 * 4, extra).getBytes(StandardCharsets.UTF_8);
        return post(concat(header, imageBytes(0)), Integer.toString(header.length), key);
    }

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
    }

    static void assertRefused(HttpResponse<byte[]> r, String reason, String... inMessage) throws Exception {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(json(r).get("reason").asText()).as(body).isEqualTo(reason);
        assertThat(json(r).get("error").asText()).contains(inMessage);
    }

    @Test
    void aTritonStyleBinaryRequestGetsTheSameLabelAsJson() throws Exception {
        HttpResponse<String> plain = server.post(PATH, TestServer.imagesBody("b", TestServer.testImages().image(0)), null);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        HttpResponse<byte[]> binary = binaryRequest("", null);
        assertThat(binary.statusCode()).as(new String(binary.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(binary.headers().firstValue("Inference-Header-Content-Length")).isEmpty();
        JsonNode a = json(binary);
        assertThat(a.get("outputs").toString()).isEqualTo(JSON.readTree(plain.body()).get("outputs").toString());
        assertThat(a.get("outputs").get(0).get("data").get(0).asText()).isEqualTo("Ankle boot");
    }

    @Test
    void binaryOutputsComeAfterTheJsonHeaderWithTheirSizes() throws Exception {
        HttpResponse<byte[]> r = binaryRequest(",\"parameters\":{\"binary_data_output\":true}", SCORES_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/octet-stream"));
        int headerLength = Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode header = JSON.readTree(new String(r.body(), 0, headerLength, StandardCharsets.UTF_8));
        JsonNode logits = header.get("outputs").get(0);
        assertThat(logits.get("name").asText()).isEqualTo("logits");
        assertThat(logits.has("data")).isFalse();
        assertThat(logits.get("parameters").get("binary_data_size").asInt()).isEqualTo(10 * 4);

        InferResponse parsed = OipCodec.parseResponse(r.body(), headerLength);
        Tensor scores = parsed.outputs().get(0);
        int best = 0;
        for (int i = 1; i < 10; i++) if (scores.values()[i] > scores.values()[best]) best = i;
        assertThat(best).as("class 9, Ankle boot, as the JSON answer says").isEqualTo(9);
    }

    @Test
    void aPlainJsonRequestMayAskForOneBytesOutputInBinary() throws Exception {
        String body = TestServer.imagesBody("b", TestServer.testImages().image(0));
        body = body.substring(0, body.lastIndexOf('}')) + ",\"outputs\":[{\"name\":\"label\",\"parameters\":{\"binary_data\":true}},{\"name\":\"class\"}]}";
        HttpResponse<byte[]> r = post(body.getBytes(StandardCharsets.UTF_8), null, null, "Content-Type", "application/json");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        int headerLength = Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        byte[] label = "Ankle boot".getBytes(StandardCharsets.UTF_8);
        ByteBuffer raw = ByteBuffer.wrap(r.body(), headerLength, r.body().length - headerLength).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(raw.remaining()).isEqualTo(4 + label.length);
        assertThat(raw.getInt()).as("4-byte little-endian length prefix").isEqualTo(label.length);
        InferResponse parsed = OipCodec.parseResponse(r.body(), headerLength);
        assertThat(parsed.outputs().get(0).strings()).containsExactly("Ankle boot");
        assertThat(parsed.outputs().get(1).values()).containsExactly(9.0);
    }

    @Test
    void malformedBinaryLayoutsGet400WithTheirReason() throws Exception {
        byte[] image = imageBytes(0);
        byte[] header = header(784 * 4, "").getBytes(StandardCharsets.UTF_8);
        assertRefused(post(concat(header, image), Integer.toString(header.length + image.length + 1), null),
                "bad_binary_data", "Inference-Header-Content-Length is " + (header.length + image.length + 1));
        assertRefused(post(concat(header, image), "many", null), "bad_binary_data", "must be a byte count");
        byte[] lying = header(784 * 4 - 4, "").getBytes(StandardCharsets.UTF_8);
        assertRefused(post(concat(lying, image), Integer.toString(lying.length), null),
                "binary_size_mismatch", "binary_data_size is 3132 bytes", "takes 3136");
        assertRefused(post(concat(header, java.util.Arrays.copyOf(image, 3000)), Integer.toString(header.length), null),
                "bad_binary_data", "only 3000 bytes");
        assertRefused(post(concat(header, image, new byte[8]), Integer.toString(header.length), null),
                "bad_binary_data", "8 bytes of binary data after");
        assertRefused(post(concat(header, image), null, null), "bad_binary_data", "no Inference-Header-Content-Length");
        byte[] huge = header(784 * 4, "").replace("[1,1,28,28]", "[100000000,1,28,28]").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = post(concat(huge, image), Integer.toString(huge.length), null);
        assertThat(r.statusCode()).as("refused before anything is allocated").isBetween(400, 413);
    }

    @Test
    void gzipAndBinaryTogether() throws Exception {
        byte[] header = header(784 * 4, "").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(concat(header, imageBytes(0)));
        }
        HttpResponse<byte[]> r = post(gz.toByteArray(), Integer.toString(header.length), null, "Content-Encoding", "gzip");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(json(r).get("outputs").get(0).get("data").get(0).asText()).isEqualTo("Ankle boot");
    }

    @Test
    void serverMetadataListsTheExtension() throws Exception {
        JsonNode meta = JSON.readTree(server.get("/v2", null).body());
        assertThat(meta.get("extensions").toString()).isEqualTo("[\"binary_tensor_data\"]");
    }
}
