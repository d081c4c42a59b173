package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a request can be invalid gets a 4xx with a JSON body naming the input and the problem. */
class ValidationEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, TestServer.cnnPolicy("""
                anonymous: {allowed: true, tier: scores}
                server: {maxRequestBytes: 200000, rateLimit: {enabled: false}}
                defenses:
                  - type: validate
                    maxBatch: 4
                  - type: harden
                """), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String tensor(String name, String type, String shape, String data) {
        return "{\"inputs\":[{\"name\":\"" + name + "\",\"datatype\":\"" + type + "\",\"shape\":" + shape + ",\"data\":" + data + "}]}";
    }

    static String values(int n, String v) {
        String[] a = new String[n];
        Arrays.fill(a, v);
        return "[" + String.join(",", a) + "]";
    }

    static String withElement(int n, int at, String v) {
        String[] a = new String[n];
        Arrays.fill(a, "0.5");
        a[at] = v;
        return "[" + String.join(",", a) + "]";
    }

    static Stream<Arguments> invalid() {
        String ok = values(784, "0.5");
        String input = "{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,1,28,28],\"data\":" + ok + "}";
        return Stream.of(
                Arguments.of("unknown input", tensor("image", "FP32", "[1,1,28,28]", ok), 400, "unknown_input", "input 'image'"),
                Arguments.of("datatype", tensor("input", "INT64", "[1,1,28,28]", values(784, "1")), 400, "datatype_mismatch", "INT64"),
                Arguments.of("not an OIP datatype", tensor("input", "FLOAT", "[1,1,28,28]", ok), 400, "bad_request", "'FLOAT'"),
                Arguments.of("wrong shape", tensor("input", "FP32", "[1,1,27,29]", values(783, "0.5")), 400, "shape_mismatch", "[1, 1, 27, 29]"),
                Arguments.of("wrong rank", tensor("input", "FP32", "[1,784]", ok), 400, "shape_mismatch", "input 'input'"),
                Arguments.of("batch too large", tensor("input", "FP32", "[5,1,28,28]", values(5 * 784, "0.5")), 400, "batch_too_large", "limit 4"),
                Arguments.of("data count", tensor("input", "FP32", "[1,1,28,28]", values(700, "0.5")), 400, "bad_request", "needs 784"),
                Arguments.of("NaN", tensor("input", "FP32", "[1,1,28,28]", withElement(784, 17, "NaN")), 400, "non_finite", "element 17"),
                Arguments.of("Infinity", tensor("input", "FP32", "[1,1,28,28]", withElement(784, 3, "-Infinity")), 400, "non_finite", "element 3"),
                Arguments.of("out of range", tensor("input", "FP32", "[1,1,28,28]", withElement(784, 5, "1.7")), 400, "out_of_range", "element 5"),
                Arguments.of("string data", tensor("input", "FP32", "[1,1,28,28]", withElement(784, 2, "\"x\"")), 400, "bad_request", "element 2"),
                Arguments.of("nested mismatch", tensor("input", "FP32", "[1,1,28,28]", "[[" + values(27, values(28, "0.5")) + "]]"), 400, "bad_request", "nested data"),
                Arguments.of("shape larger than the body", tensor("input", "FP32", "[1,1,28,28]", "[[[0.1,0.2]]]"), 400, "shape_exceeds_body", "88-byte body"),
                Arguments.of("no inputs", "{\"inputs\":[]}", 400, "bad_request", "'inputs'"),
                Arguments.of("not JSON", "{inputs: oops", 400, "bad_request", "not valid JSON"),
                Arguments.of("not an object", "[1,2,3]", 400, "bad_request", "JSON object"),
                Arguments.of("empty body", "", 400, "bad_request", "empty"),
                Arguments.of("negative shape", tensor("input", "FP32", "[1,-1,28,28]", ok), 400, "bad_request", "negative"),
                Arguments.of("unknown output", "{\"inputs\":[" + input + "],\"outputs\":[{\"name\":\"secret\"}]}", 400, "unknown_output", "output 'secret'"),
                Arguments.of("stream id too long", "{\"parameters\":{\"stream_id\":\"" + "c".repeat(129) + "\",\"frame_index\":1},\"inputs\":[" + input + "]}",
                        400, "bad_request", "1 to 128 characters"),
                Arguments.of("stream id with a line break", "{\"parameters\":{\"stream_id\":\"cam\\nforged log line\",\"frame_index\":1},\"inputs\":[" + input + "]}",
                        400, "bad_request", "letter, digit"),
                Arguments.of("stream id without frame", "{\"parameters\":{\"stream_id\":\"cam\"},\"inputs\":[" + input + "]}",
                        400, "bad_request", "go together"),
                Arguments.of("duplicate input", "{\"inputs\":[" + input + "," + input + "]}", 400, "duplicate_input", "twice"),
                Arguments.of("body too large", tensor("input", "FP32", "[100,1,28,28]", values(100 * 784, "0.5")), 413, "too_large", "larger than the limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidRequestIsRefusedWithAClearJsonError(String name, String body, int status, String reason, String mentions) throws Exception {
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer", body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("error").asText()).contains(mentions);
        assertThat(error.get("reason").asText()).isEqualTo(reason);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.warden");
    }

    @Test
    void aValidRequestPassesTheSameServer() {
        HttpResponse<String> r = server.post("/v2/models/fashion-cnn/infer",
                tensor("input", "FP32", "[1,1,28,28]", values(784, "0.5")), null);
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
