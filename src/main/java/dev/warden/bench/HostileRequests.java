package dev.warden.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A corpus of hostile requests against one model's infer endpoint, by category: what an attacker probing
 * Warden itself (not the model) would send. Every one must be answered with a 4xx (505 for an HTTP version
 * Warden does not speak) or, for the few that are odd but valid, a normal answer; never a 5xx, never a hang.
 * Used by the soak ({@link SoakRun}) and the server tests.
 */
public final class HostileRequests {
    /** One request as raw bytes; {@code halfClose}: the client closes its sending side after it. */
    public record Hostile(String category, String name, byte[] request, boolean halfClose) {
        @Override
        public String toString() {
            return category + ": " + name;
        }
    }

    private final RawHttp http;
    private final String path;
    private final String validBody;
    private final List<Hostile> corpus = new ArrayList<>();

    private HostileRequests(RawHttp http, String model, double[] image) {
        this.http = http;
        this.path = "/v2/models/" + model + "/infer";
        this.validBody = tensor("\"input\"", "\"FP32\"", "[1,1,28,28]", data(image));
    }

    /** The corpus for a model taking one 1x1x28x28 FP32 input named {@code input}; {@code image} is a valid one. */
    public static List<Hostile> corpus(RawHttp http, String model, double[] image) {
        HostileRequests h = new HostileRequests(http, model, image);
        h.badJson();
        h.wrongTypes();
        h.shapes();
        h.shapeDataMismatch();
        h.nonFinite();
        h.nesting();
        h.bigBodies();
        h.datatypes();
        h.unicode();
        h.parameters();
        h.batches();
        h.httpLevel();
        h.lengthAndChunking();
        h.encodings();
        h.auth();
        return Collections.unmodifiableList(h.corpus);
    }

    /** A valid request for the same endpoint, to check the server still serves after the corpus. */
    public static byte[] valid(RawHttp http, String model, double[] image) {
        HostileRequests h = new HostileRequests(http, model, image);
        return http.postJson(h.path, h.validBody.getBytes(StandardCharsets.UTF_8));
    }

    private static String tensor(String name, String type, String shape, String data) {
        return "{\"inputs\":[{\"name\":" + name + ",\"datatype\":" + type + ",\"shape\":" + shape + ",\"data\":" + data + "}]}";
    }

    private static String data(double[] image) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < image.length; i++) {
            if (i > 0) b.append(',');
            b.append(String.format(Locale.ROOT, "%.4f", image[i]));
        }
        return b.append(']').toString();
    }

    /** A 1x1x28x28 tensor of the given datatype whose first element is {@code first} and the rest 0.5. */
    private static String image(String type, String first) {
        return tensor("\"input\"", type, "[1,1,28,28]", "[" + first + "," + repeat("0.5", 783).substring(1));
    }

    private static String repeat(String element, int n) {
        return "[" + String.join(",", Collections.nCopies(n, element)) + "]";
    }

    private void json(String category, String name, String body) {
        json(category, name, body.getBytes(StandardCharsets.UTF_8));
    }

    private void json(String category, String name, byte[] body, String... headers) {
        corpus.add(new Hostile(category, name, http.postJson(path, body, headers), false));
    }

    private void raw(String category, String name, String request, boolean halfClose) {
        corpus.add(new Hostile(category, name, request.getBytes(StandardCharsets.ISO_8859_1), halfClose));
    }

    private String head(String method, String target) {
        return method + " " + target + " HTTP/1.1\r\nHost: " + http.host() + ":" + http.port() + "\r\n";
    }

    private void badJson() {
        json("bad json", "unclosed object", "{");
        json("bad json", "unclosed array", "{\"inputs\":[");
        json("bad json", "bare word", "nul");
        json("bad json", "string", "\"inputs\"");
        json("bad json", "array", "[]");
        json("bad json", "whitespace only", "   \n\t ");
        json("bad json", "trailing garbage", validBody + "xyz");
        json("bad json", "two objects", validBody + validBody);
        json("bad json", "single quotes", "{'inputs':[]}");
        json("bad json", "comment", "/* hi */" + validBody);
        json("bad json", "invalid utf-8", new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        json("bad json", "nul bytes", new byte[]{0, 0, 0, 0});
        json("bad json", "leading BOM", ("\uFEFF" + validBody).getBytes(StandardCharsets.UTF_8));
        json("bad json", "unterminated string", "{\"id\":\"abc");
        json("bad json", "duplicate inputs field", "{\"inputs\":[],\"inputs\":" + validBody.substring(10));
    }

    private void wrongTypes() {
        json("wrong types", "inputs is an object", "{\"inputs\":{}}");
        json("wrong types", "inputs is a number", "{\"inputs\":1}");
        json("wrong types", "tensor is a string", "{\"inputs\":[\"x\"]}");
        json("wrong types", "name is a number", tensor("5", "\"FP32\"", "[1]", "[1]"));
        json("wrong types", "name is empty", tensor("\"\"", "\"FP32\"", "[1]", "[1]"));
        json("wrong types", "datatype is an array", tensor("\"input\"", "[\"FP32\"]", "[1]", "[1]"));
        json("wrong types", "shape is a string", tensor("\"input\"", "\"FP32\"", "\"1,1,28,28\"", "[1]"));
        json("wrong types", "shape holds strings", tensor("\"input\"", "\"FP32\"", "[\"1\"]", "[1]"));
        json("wrong types", "data is an object", tensor("\"input\"", "\"FP32\"", "[1]", "{\"0\":1}"));
        json("wrong types", "data holds null", image("\"FP32\"", "null"));
        json("wrong types", "data holds objects", image("\"FP32\"", "{}"));
        json("wrong types", "id is a number", "{\"id\":5," + validBody.substring(1));
        json("wrong types", "id is an object", "{\"id\":{\"a\":1}," + validBody.substring(1));
        json("wrong types", "outputs is a string", "{\"outputs\":\"label\"," + validBody.substring(1));
        json("wrong types", "outputs holds numbers", "{\"outputs\":[1]," + validBody.substring(1));
        json("wrong types", "parameters is an array", "{\"parameters\":[1]," + validBody.substring(1));
    }

    private void shapes() {
        json("shapes", "negative dimension", tensor("\"input\"", "\"FP32\"", "[1,-1,28,28]", "[1]"));
        json("shapes", "fractional dimension", tensor("\"input\"", "\"FP32\"", "[1.5]", "[1]"));
        json("shapes", "exponent dimension", tensor("\"input\"", "\"FP32\"", "[1e9]", "[1]"));
        json("shapes", "declares 300 million elements", tensor("\"input\"", "\"FP32\"", "[1,300000000]", "[1]"));
        json("shapes", "declares int max", tensor("\"input\"", "\"FP32\"", "[2147483647]", "[1]"));
        json("shapes", "product overflows 64 bits", tensor("\"input\"", "\"FP32\"", "[4294967296,4294967296]", "[1]"));
        json("shapes", "dimension past 64 bits", tensor("\"input\"", "\"FP32\"", "[99999999999999999999999]", "[1]"));
        json("shapes", "long max dimensions", tensor("\"input\"", "\"FP32\"", "[9223372036854775807,9223372036854775807]", "[1]"));
        json("shapes", "rank 64", tensor("\"input\"", "\"FP32\"", repeat("1", 64), "[1]"));
        json("shapes", "scalar shape", tensor("\"input\"", "\"FP32\"", "[]", "[1]"));
        json("shapes", "zero batch", tensor("\"input\"", "\"FP32\"", "[0,1,28,28]", "[]"));
        json("shapes", "zero and huge", tensor("\"input\"", "\"FP32\"", "[0,9223372036854775807,9223372036854775807]", "[]"));
        json("shapes", "shape missing", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"data\":[1]}]}");
        json("shapes", "data before a huge shape", "{\"inputs\":[{\"data\":[1,2],\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,300000000]}]}");
    }

    private void shapeDataMismatch() {
        json("shape/data mismatch", "too few elements", tensor("\"input\"", "\"FP32\"", "[1,1,28,28]", repeat("0.5", 700)));
        json("shape/data mismatch", "too many elements", tensor("\"input\"", "\"FP32\"", "[1,1,28,28]", repeat("0.5", 900)));
        json("shape/data mismatch", "ragged nesting", tensor("\"input\"", "\"FP32\"", "[2,2]", "[[1,2],[3]]"));
        json("shape/data mismatch", "mixed arrays and scalars", tensor("\"input\"", "\"FP32\"", "[2]", "[1,[2]]"));
        json("shape/data mismatch", "nested deeper than shape", tensor("\"input\"", "\"FP32\"", "[1]", "[[[1]]]"));
        json("shape/data mismatch", "model shape mismatch", tensor("\"input\"", "\"FP32\"", "[1,1,27,29]", repeat("0.5", 783)));
        json("shape/data mismatch", "flat rank-2 of the right size", tensor("\"input\"", "\"FP32\"", "[1,784]", repeat("0.5", 784)));
    }

    private void nonFinite() {
        String[] values = {"NaN", "Infinity", "-Infinity", "1e400", "-1e400", "\"NaN\"", "1e-400", "-0.0"};
        for (String v : values) json("NaN/Inf", "element " + v, image("\"FP32\"", v));
    }

    private void nesting() {
        json("nesting", "100000 nested arrays", tensor("\"input\"", "\"FP32\"", "[1,1,28,28]", "[".repeat(100_000) + "]".repeat(100_000)));
        json("nesting", "100000 nested arrays in data before shape", "{\"inputs\":[{\"name\":\"input\",\"data\":" + "[".repeat(100_000)
                + "]".repeat(100_000) + ",\"datatype\":\"FP32\",\"shape\":[1,1,28,28]}]}");
        json("nesting", "10000 nested objects in parameters", "{\"parameters\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "," + validBody.substring(1));
        json("nesting", "unclosed deep nesting", "[".repeat(500_000));
        json("nesting", "data 40 deep, shape 40 deep", tensor("\"input\"", "\"FP32\"", repeat("1", 40), "[".repeat(40) + "1" + "]".repeat(40)));
    }

    private void bigBodies() {
        json("big bodies", "5 MB of valid JSON numbers", tensor("\"input\"", "\"FP32\"", "[1,1,28,28]", repeat("0.5", 1_300_000)));
        json("big bodies", "3 MB id", "{\"id\":\"" + "a".repeat(3_000_000) + "\"," + validBody.substring(1));
        json("big bodies", "number with 5000 digits", image("\"FP32\"", "9".repeat(5000)));
        json("big bodies", "100000 unknown fields", "{" + "\"x\":1,".repeat(100_000) + validBody.substring(1));
        json("big bodies", "name of 1 MB", tensor("\"" + "n".repeat(1_000_000) + "\"", "\"FP32\"", "[1]", "[1]"));
    }

    private void datatypes() {
        String ok = repeat("1", 784);
        for (String type : new String[]{"\"FLOAT\"", "\"fp32\"", "\"FP16\"", "\"BF16\"", "\"\"", "null", "\"INT64\"", "\"UINT8\"", "\"BOOL\"", "\"BYTES\""}) {
            json("datatypes", "datatype " + type, tensor("\"input\"", type, "[1,1,28,28]", ok));
        }
        json("datatypes", "BYTES holding numbers", image("\"BYTES\"", "1"));
        json("datatypes", "BOOL holding numbers", image("\"BOOL\"", "2"));
        json("datatypes", "FP32 holding booleans", image("\"FP32\"", "true"));
        json("datatypes", "UINT8 holding -1", image("\"UINT8\"", "-1"));
        json("datatypes", "INT64 holding 1.5", image("\"INT64\"", "1.5"));
    }

    private void unicode() {
        json("unicode", "emoji id", "{\"id\":\"\uD83D\uDE00\u202Eevil\"," + validBody.substring(1));
        json("unicode", "lone surrogate id", "{\"id\":\"\\ud800\"," + validBody.substring(1));
        json("unicode", "nul in id", "{\"id\":\"a\\u0000b\"," + validBody.substring(1));
        json("unicode", "overlong utf-8", new byte[]{'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'});
        json("unicode", "unicode input name", tensor("\"\u0130nput\u0000\"", "\"FP32\"", "[1]", "[1]"));
        json("unicode", "lone surrogate in name", tensor("\"\\udfff\"", "\"FP32\"", "[1]", "[1]"));
        json("unicode", "utf-16 body", validBody.getBytes(StandardCharsets.UTF_16));
        json("unicode", "escaped field names", validBody.replace("\"inputs\"", "\"\\u0069nputs\""));
    }

    private void parameters() {
        String rest = validBody.substring(1);
        json("parameters", "stream_id object", "{\"parameters\":{\"stream_id\":{},\"frame_index\":1}," + rest);
        json("parameters", "frame_index string", "{\"parameters\":{\"stream_id\":\"s\",\"frame_index\":\"1\"}," + rest);
        json("parameters", "frame_index past 64 bits", "{\"parameters\":{\"stream_id\":\"s\",\"frame_index\":99999999999999999999999}," + rest);
        json("parameters", "stream_id with a newline", "{\"parameters\":{\"stream_id\":\"a\\nb\",\"frame_index\":1}," + rest);
        json("parameters", "50000 parameters", "{\"parameters\":{" + String.join(",", java.util.stream.IntStream.range(0, 50_000)
                .mapToObj(i -> "\"p" + i + "\":" + i).toList()) + "}," + rest);
        json("parameters", "parameters null", "{\"parameters\":null," + rest);
        json("parameters", "tensor parameters", validBody.replace("\"name\":\"input\"", "\"name\":\"input\",\"parameters\":{\"binary_data_size\":99999999}"));
    }

    private void batches() {
        json("batches", "declared batch 10000 with one image", tensor("\"input\"", "\"FP32\"", "[10000,1,28,28]", repeat("0.5", 784)));
        json("batches", "batch 2 with one image", tensor("\"input\"", "\"FP32\"", "[2,1,28,28]", repeat("0.5", 784)));
        json("batches", "batch 64", tensor("\"input\"", "\"FP32\"", "[64,1,28,28]", repeat("0.5", 64 * 784)));
        json("batches", "same input twice", "{\"inputs\":[" + validBody.substring(11, validBody.length() - 2) + "," + validBody.substring(11, validBody.length() - 2) + "]}");
    }

    private void httpLevel() {
        byte[] body = validBody.getBytes(StandardCharsets.UTF_8);
        String half = new String(body, 0, body.length / 2, StandardCharsets.ISO_8859_1);
        raw("http", "body shorter than Content-Length, then EOF", head("POST", path) + "Content-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n" + half, true);
        raw("http", "body shorter than Content-Length, connection kept open", head("POST", path) + "Content-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n" + half, false);
        raw("http", "bad request line", "GARBAGE\r\n\r\n", false);
        raw("http", "unknown HTTP version", "POST " + path + " HTTP/9.9\r\nHost: x\r\n\r\n", false);
        raw("http", "HTTP/0.9 style", "GET /v2\r\n\r\n", false);
        raw("http", "no Host header", "GET /v2 HTTP/1.1\r\n\r\n", false);
        raw("http", "header without colon", head("GET", "/v2") + "NoColonHere\r\n\r\n", false);
        raw("http", "64 KiB header", head("GET", "/v2") + "X-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n", false);
        raw("http", "5000 headers", head("GET", "/v2") + "X-H: 1\r\n".repeat(5000) + "\r\n", false);
        raw("http", "64 KiB URI", "GET /v2?" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n", false);
        raw("http", "control characters in path", "GET /v2/\u0001\u007f HTTP/1.1\r\nHost: x\r\n\r\n", false);
        raw("http", "bare LF line endings", "GET /v2 HTTP/1.1\nHost: x\n\n", false);
        raw("http", "obsolete header folding", head("GET", "/v2") + "X-A: 1\r\n folded\r\n\r\n", false);
        raw("http", "path traversal", "GET /v2/models/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false);
        raw("http", "unknown method", "BREW /v2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false);
    }

    private void lengthAndChunking() {
        String json = "Content-Type: application/json\r\n";
        String h = head("POST", path) + json;
        raw("content-length and chunked", "chunk size not hex", h + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", false);
        raw("content-length and chunked", "chunk longer than its data, then EOF", h + "Transfer-Encoding: chunked\r\n\r\n100\r\n{}\r\n", true);
        raw("content-length and chunked", "chunk data without CRLF", h + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n", false);
        raw("content-length and chunked", "chunk size past 64 bits", h + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n", false);
        raw("content-length and chunked", "no terminating chunk, then EOF", h + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n", true);
        raw("content-length and chunked", "huge chunk extension", h + "Transfer-Encoding: chunked\r\n\r\n2;" + "x".repeat(100_000) + "\r\n{}\r\n0\r\n\r\n", false);
        raw("content-length and chunked", "Content-Length and chunked together", h + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", false);
        raw("content-length and chunked", "two different Content-Lengths", h + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", false);
        raw("content-length and chunked", "negative Content-Length", h + "Content-Length: -1\r\n\r\n{}", false);
        raw("content-length and chunked", "non-numeric Content-Length", h + "Content-Length: abc\r\n\r\n{}", false);
        raw("content-length and chunked", "Content-Length past 64 bits", h + "Content-Length: 99999999999999999999999\r\n\r\n{}", false);
        raw("content-length and chunked", "Content-Length 1 TB", h + "Content-Length: 1099511627776\r\n\r\n{}", false);
        raw("content-length and chunked", "unknown transfer coding", h + "Transfer-Encoding: gzip\r\n\r\n{}", false);
        raw("content-length and chunked", "chunked not last", h + "Transfer-Encoding: chunked, identity\r\n\r\n2\r\n{}\r\n0\r\n\r\n", false);
        StringBuilder tiny = new StringBuilder(h + "Transfer-Encoding: chunked\r\n\r\n");
        for (byte b : validBody.getBytes(StandardCharsets.UTF_8)) tiny.append("1\r\n").append((char) b).append("\r\n");
        raw("content-length and chunked", "one-byte chunks (valid)", tiny.append("0\r\n\r\n").toString(), false);
        StringBuilder big = new StringBuilder(h + "Transfer-Encoding: chunked\r\n\r\n");
        String chunk = "2".repeat(65_536);
        for (int i = 0; i < 80; i++) big.append("10000\r\n").append(chunk).append("\r\n");
        raw("content-length and chunked", "5 MB chunked body", big.append("0\r\n\r\n").toString(), false);
        raw("content-length and chunked", "trailers", h + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-Trailer: " + "t".repeat(20_000) + "\r\n\r\n", false);
    }

    private void encodings() {
        byte[] body = validBody.getBytes(StandardCharsets.UTF_8);
        json("gzip", "valid gzip", gzip(body), "Content-Encoding: gzip");
        json("gzip", "valid zlib deflate", deflate(body), "Content-Encoding: deflate");
        json("gzip", "gzip bomb: 256 MB of zeros", gzipZeros(256L << 20), "Content-Encoding: gzip");
        json("gzip", "deflate bomb: 256 MB of zeros", deflateZeros(256L << 20), "Content-Encoding: deflate");
        json("gzip", "gzip of a gzip bomb", gzip(gzipZeros(64L << 20)), "Content-Encoding: gzip");
        json("gzip", "declared gzip, plain JSON", body, "Content-Encoding: gzip");
        json("gzip", "truncated gzip", java.util.Arrays.copyOf(gzip(body), 20), "Content-Encoding: gzip");
        json("gzip", "brotli", body, "Content-Encoding: br");
        json("gzip", "gzip twice", gzip(gzip(body)), "Content-Encoding: gzip, gzip");
        json("gzip", "unknown coding", body, "Content-Encoding: x-made-up");
    }

    private void auth() {
        byte[] body = validBody.getBytes(StandardCharsets.UTF_8);
        json("auth", "empty bearer", body, "Authorization: Bearer");
        json("auth", "8 KiB key", body, "Authorization: Bearer " + "k".repeat(8 * 1024));
        json("auth", "basic scheme", body, "Authorization: Basic dXNlcjpwYXNz");
        json("auth", "two Authorization headers", body, "Authorization: Bearer a", "Authorization: Bearer b");
        json("auth", "non-ASCII key", body, "Authorization: Bearer \u00e9\u00ff");
        json("auth", "forged X-Forwarded-For", body, "X-Forwarded-For: 1.2.3.4, ::1, not-an-address");
        corpus.add(new Hostile("auth", "admin endpoint with a bogus status filter", ("GET /api/failures?status=bogus HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer wrong\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), false));
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gzipZeros(long bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            zeros(z, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflateZeros(long bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            zeros(z, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void zeros(java.io.OutputStream z, long bytes) throws IOException {
        byte[] block = new byte[1 << 16];
        for (long done = 0; done < bytes; done += block.length) z.write(block);
    }
}
