package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.bench.RawHttp;
import dev.warden.runtime.Accounts;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per request-path finding of issue 12 (an attacker with raw sockets against a server on the
 * default limits), each against a real server serving the bundled CNN, named after the finding.
 */
class RequestPathFindingsTest {
    static final String ADMIN = "admin-key-for-findings";
    static final String PATH = "/v2/models/fashion-cnn/infer";
    @TempDir
    static Path dir;
    static TestServer server;
    static RawHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, TestServer.cnnPolicy("""
                anonymous: {allowed: true, tier: scores}
                admin: {keySha256: [%s]}
                failures: {url: "jdbc:sqlite:%s"}
                server: {rateLimit: {enabled: false}, headerTimeoutMillis: 1000}
                defenses: [{type: validate}, {type: harden}]
                """.formatted(Accounts.sha256(ADMIN), dir.resolve("failures.db"))), null);
        http = new RawHttp(URI.create(server.url()));
        for (int i = 0; i < 5; i++) assertThat(valid().status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static RawHttp.Answer valid() {
        byte[] body = TestServer.imagesBody("ok", TestServer.testImages().image(0)).getBytes(StandardCharsets.UTF_8);
        return http.exchange(http.postJson(PATH, body), false, 10_000);
    }

    static RawHttp.Answer post(String json) {
        return http.exchange(http.postJson(PATH, json.getBytes(StandardCharsets.UTF_8)), false, 10_000);
    }

    static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void tinyBodyDeclaringHugeTensorIsRefusedWithoutAllocating() throws Exception {
        long before = heapUsedAfterGc();
        long peak = 0;
        for (String shape : List.of("[1,300000000]", "[1,1000000000]", "[2147483647]", "[300000000,1,28,28]")) {
            String body = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":" + shape + ",\"data\":[0.5]}]}";
            RawHttp.Answer a = post(body);
            assertThat(a.status()).as(shape + ": " + a.body()).isBetween(400, 499);
            assertThat(a.millis()).as(shape).isLessThan(100);
            assertThat(a.body()).contains("\"reason\"").doesNotContain("Exception");
            peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        // Before the fix each of these allocated 2.4 GB or more; the bound is generous for everything else in the JVM.
        assertThat(peak - before).isLessThan(256L << 20);
        assertThat(heapUsedAfterGc() - before).isLessThan(64L << 20);
    }

    @Test
    void fourHugeDeclaredTensorsAtOnceDoNotStallValidRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RawHttp.Answer>> hostile = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                hostile.add(pool.submit(() -> post("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,300000000],\"data\":[1]}]}")));
            }
            RawHttp.Answer ok = valid();
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.millis()).isLessThan(1_000);
            for (Future<RawHttp.Answer> f : hostile) assertThat(f.get().status()).isBetween(400, 499);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shapeWhoseProductOverflowsGets400NotA500() {
        RawHttp.Answer a = post("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[4294967296,4294967296],\"data\":[1]}]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("shape_overflow").doesNotContain("Exception");
    }

    @Test
    void chunkedBodyOverTheLimitGets413LikeContentLength() {
        StringBuilder request = new StringBuilder("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        String chunk = "1".repeat(1 << 16);
        for (int i = 0; i < 100; i++) request.append("10000\r\n").append(chunk).append("\r\n");
        request.append("0\r\n\r\n");
        RawHttp.Answer a = http.exchange(request.toString().getBytes(StandardCharsets.ISO_8859_1), false, 10_000);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body()).contains("too_large");
        assertThat(valid().status()).isEqualTo(200);
    }

    @Test
    void gzipBombGets413NotOutOfMemory() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) z.write(zeros);
        }
        long before = heapUsedAfterGc();
        RawHttp.Answer a = http.exchange(http.postJson(PATH, compressed.toByteArray(), "Content-Encoding: gzip"), false, 30_000);
        assertThat(a.status()).as(a.body()).isEqualTo(413);
        assertThat(a.body()).contains("decompressed");
        assertThat(heapUsedAfterGc() - before).isLessThan(64L << 20);
    }

    @Test
    void gzipAndDeflateBodiesAreDecodedAndUnknownEncodingsGet415() throws Exception {
        byte[] body = TestServer.imagesBody("z", TestServer.testImages().image(1)).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(body);
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        try (var z = new java.util.zip.DeflaterOutputStream(zl)) {
            z.write(body);
        }
        RawHttp.Answer plain = http.exchange(http.postJson(PATH, body), false, 10_000);
        RawHttp.Answer gzip = http.exchange(http.postJson(PATH, gz.toByteArray(), "Content-Encoding: gzip"), false, 10_000);
        RawHttp.Answer deflate = http.exchange(http.postJson(PATH, zl.toByteArray(), "Content-Encoding: deflate"), false, 10_000);
        assertThat(gzip.status()).as(gzip.body()).isEqualTo(200);
        assertThat(deflate.status()).as(deflate.body()).isEqualTo(200);
        assertThat(gzip.body()).isEqualTo(plain.body());
        assertThat(deflate.body()).isEqualTo(plain.body());
        RawHttp.Answer br = http.exchange(http.postJson(PATH, body, "Content-Encoding: br"), false, 10_000);
        assertThat(br.status()).isEqualTo(415);
        assertThat(br.body()).contains("unsupported_encoding");
    }

    @Test
    void bodyShorterThanContentLengthGets400NotAnEmpty500() {
        byte[] body = TestServer.imagesBody("t", TestServer.testImages().image(0)).getBytes(StandardCharsets.UTF_8);
        byte[] request = http.post(PATH, new String[]{"Content-Type: application/json", "Content-Length: " + body.length},
                Arrays.copyOf(body, body.length / 2));
        RawHttp.Answer a = http.exchange(request, true, 10_000);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("truncated_body");
    }

    @Test
    void malformedChunkedBodyGets400NotAnEmpty500() {
        for (String framing : List.of("zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}XX0\r\n\r\n", "ffffffffffffffffffff\r\n{}\r\n")) {
            String request = "POST " + PATH + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + framing;
            RawHttp.Answer a = http.exchange(request.getBytes(StandardCharsets.ISO_8859_1), false, 10_000);
            assertThat(a.status()).as(framing).isBetween(400, 499);
            assertThat(a.body()).as(framing).contains("\"reason\"");
        }
    }

    @Test
    void failureFeedWithBogusStatusGets400Not500() {
        var r = server.get("/api/failures?status=bogus", ADMIN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("unknown status 'bogus'");
        assertThat(server.get("/api/failures?class=bogus", ADMIN).statusCode()).isEqualTo(400);
    }

    @Test
    void requestHeadTrickledSlowerThanTheHeaderTimeoutIsClosed() throws Exception {
        try (Socket s = http.connect(10_000)) {
            OutputStream out = s.getOutputStream();
            long start = System.nanoTime();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: x\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int read = 0;
            for (int i = 0; i < 30 && read != -1; i++) {
                Thread.sleep(200);
                try {
                    out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    if (s.getInputStream().available() > 0) read = s.getInputStream().read();
                } catch (java.io.IOException closed) {
                    read = -1;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(read).as("connection closed by the server").isEqualTo(-1);
            assertThat(millis).isBetween(900L, 4_000L);
        }
    }

    @Test
    void slowBodiesDoNotStarveValidRequests() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            byte[] head = ("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[")
                    .getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 300; i++) {
                Socket s = http.connect(5_000);
                slow.add(s);
                s.getOutputStream().write(head);
            }
            Thread.sleep(300);
            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                for (Socket s : slow) {
                    OutputStream out = s.getOutputStream();
                    out.write(' ');
                }
                RawHttp.Answer a = valid();
                assertThat(a.status()).as("valid request %d with 300 slow bodies open", i).isEqualTo(200);
                millis[i] = a.millis();
            }
            Arrays.sort(millis);
            // Before the fix these did not get an answer at all until the slow connections closed.
            assertThat(millis[millis.length / 2]).isLessThan(1_000);
            assertThat(millis[millis.length - 1]).isLessThan(3_000);
        } finally {
            for (Socket s : slow) s.close();
        }
    }
}
