package dev.warden.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpThroughputBenchmarkTest {
    static final Path HOME = Path.of("").toAbsolutePath();

    @Test
    void oneSecondAtConcurrencyOneFillsEveryColumnWithNoServerError() throws Exception {
        ImageStream images = ImageStream.bundled(HOME);
        var config = new HttpThroughputBenchmark.Config(List.of(1), 1, 0.5, false, HttpThroughputBenchmark.Protocol.parse("both"), 2, 100);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<HttpThroughputBenchmark.Row> rows = HttpThroughputBenchmark.run(HOME.resolve("models/fashion-cnn.onnx"),
                HOME.resolve("policies/passthrough.yaml"), HOME.resolve("policies/default.yaml"), images,
                config, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertEquals(2, rows.size());
        assertEquals(List.of(HttpThroughputBenchmark.Protocol.HTTP, HttpThroughputBenchmark.Protocol.GRPC),
                rows.stream().map(HttpThroughputBenchmark.Row::protocol).toList());
        for (HttpThroughputBenchmark.Row row : rows) {
            assertEquals(3, row.results().size());
            for (ClosedLoopLoad.Result r : row.results()) {
                assertEquals(1.0, r.seconds(), 1e-9, "two slices of half a second");
                assertTrue(r.ok() > 0, row.protocol() + ": every server answered within the second: " + r.statuses() + " " + r.refusals());
                assertEquals(r.ok(), r.okMicros().length);
                assertTrue(r.percentileMillis(99) >= r.percentileMillis(50));
            }
            assertEquals(0, row.serverErrors(), "no 5xx and no failed connection: " + row.results());
            // Honest traffic: the policy may refuse the odd image (ood), never a large share.
            ClosedLoopLoad.Result policy = row.results().get(2);
            assertTrue(policy.non200() <= 0.05 * (policy.ok() + policy.non200()), "policy refused " + policy.refusals());
        }
        String table = HttpThroughputBenchmark.markdown(rows, config, images, "cmd");
        assertEquals(2, table.lines().filter(l -> l.startsWith("| 1 | ")).count(), table);
        assertTrue(table.contains("**gRPC**") && table.contains("raw_input_contents"), table);
        assertTrue(table.contains("Command: `cmd`"));
        String lines = progress.toString(StandardCharsets.UTF_8);
        for (String server : HttpThroughputBenchmark.SERVERS) {
            assertTrue(lines.contains("HTTP concurrency 1, " + server + ":"), lines);
            assertTrue(lines.contains("gRPC concurrency 1, " + server + ":"), lines);
        }
    }

    @Test
    void bareGrpcAnswersRawTensorsWithTheModelsScoresAndRefusesAnUnknownModel() throws Exception {
        LabeledImages test = FashionMnist.bundledTest(HOME);
        try (BareOipServer server = BareOipServer.start(HOME.resolve("models/fashion-cnn.onnx"), HttpThroughputBenchmark.MODEL)) {
            ClosedLoopLoad.Result r = GrpcClosedLoopLoad.run("127.0.0.1", server.grpcPort(), 2, 0.5,
                    i -> HttpThroughputBenchmark.grpcRequest(test.image((int) i)));
            assertTrue(r.ok() > 0 && r.non200() == 0, r.statuses() + " " + r.refusals());
            ClosedLoopLoad.Result unknown = GrpcClosedLoopLoad.run("127.0.0.1", server.grpcPort(), 1, 0.5,
                    i -> HttpThroughputBenchmark.grpcRequest(test.image(0)).toBuilder().setModelName("other").build());
            assertEquals(0, unknown.ok());
            assertEquals(java.util.Set.of(404), unknown.statuses().keySet());
            assertEquals(java.util.Set.of("NOT_FOUND"), unknown.refusals().keySet());
        }
    }

    @Test
    void oneAccountPastTheRateLimitIsShedWith429AndResourceExhaustedNeverATimeout(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("policy.yaml"), dev.warden.server.TestServer.cnnPolicy("""
                server: {rateLimit: {imagesPerSecond: 0.5, burst: 1}}
                anonymous: {allowed: true, tier: label}
                defenses: [{type: validate}]
                """));
        LabeledImages test = FashionMnist.bundledTest(HOME);
        try (dev.warden.server.RunningServer server = dev.warden.server.RunningServer.start(dir.resolve("policy.yaml"),
                new dev.warden.server.ServeOptions("127.0.0.1", 0, 0, null, null))) {
            URI url = URI.create(server.url());
            // A limit so low that even a loaded machine (3 requests a second seen at load 5 on 2 cores) goes past it in 2 s.
            ClosedLoopLoad.Result http = ClosedLoopLoad.run(url, 1, 2, 1_000_000, i -> HttpThroughputBenchmark.request(url, test.image((int) i), false));
            ClosedLoopLoad.Result grpc = GrpcClosedLoopLoad.run("127.0.0.1", server.grpcPort(), 1, 2, 1_000_000,
                    i -> HttpThroughputBenchmark.grpcRequest(test.image((int) i)));
            for (ClosedLoopLoad.Result r : List.of(http, grpc)) {
                assertTrue(r.ok() >= 1 && r.ok() <= 4, "a burst of 1 and 0.5/s for one account: " + r.ok());
                assertEquals(java.util.Set.of(200, 429), r.statuses().keySet(), r.statuses() + " " + r.refusals());
            }
            assertEquals(java.util.Set.of("429 rate_limited"), http.refusals().keySet());
            assertEquals(java.util.Set.of("RESOURCE_EXHAUSTED rate_limited"), grpc.refusals().keySet());
        }
    }

    @Test
    void wardenGrpcRefusalsAreCountedByCodeAndReason() throws Exception {
        var status = io.grpc.Status.PERMISSION_DENIED.withDescription("out_of_distribution: input unlike the training data");
        assertEquals("PERMISSION_DENIED out_of_distribution", GrpcClosedLoopLoad.refusal(status));
        assertEquals(403, GrpcClosedLoopLoad.httpEquivalent(status.getCode()));
        assertEquals(429, GrpcClosedLoopLoad.httpEquivalent(io.grpc.Status.Code.RESOURCE_EXHAUSTED));
        assertEquals(503, GrpcClosedLoopLoad.httpEquivalent(io.grpc.Status.Code.UNAVAILABLE));
        assertEquals("UNAVAILABLE", GrpcClosedLoopLoad.refusal(io.grpc.Status.UNAVAILABLE.withDescription("io exception")));
    }

    @Test
    void bareServerRefusesABrokenBodyWith400AndAnswersBinaryTensors() throws Exception {
        LabeledImages test = FashionMnist.bundledTest(HOME);
        try (BareOipServer server = BareOipServer.start(HOME.resolve("models/fashion-cnn.onnx"), HttpThroughputBenchmark.MODEL)) {
            URI url = URI.create(server.url());
            RawHttp http = new RawHttp(url);
            RawHttp.Answer broken = http.exchange(http.postJson("/v2/models/fashion-cnn/infer", "{\"inputs\":[".getBytes(StandardCharsets.UTF_8)), false, 5_000);
            assertEquals(400, broken.status(), broken.body());
            for (boolean binary : new boolean[]{false, true}) {
                ClosedLoopLoad.Result r = ClosedLoopLoad.run(url, 1, 0.5, i -> HttpThroughputBenchmark.request(url, test.image((int) i), binary));
                assertTrue(r.ok() > 0 && r.non200() == 0, "binary " + binary + ": " + r.refusals());
            }
        }
    }

    @Test
    void theImageStreamSendsTheBundledImagesAsTheyAreThenGoesRound() {
        ImageStream images = ImageStream.bundled(HOME);
        LabeledImages test = FashionMnist.bundledTest(HOME);
        LabeledImages train = FashionMnist.bundledTrain(HOME);
        assertEquals(test.count() + train.count(), images.count());
        assertArrayEquals(test.image(0), images.image(0));
        assertArrayEquals(train.image(0), images.image(test.count()));
        assertArrayEquals(train.image(train.count() - 1), images.image(images.count() - 1L));
        assertArrayEquals(test.image(5), images.image(images.count() + 5L));
        assertFalse(java.util.Arrays.equals(images.image(1), images.image(2)));
    }

    @Test
    void theImageStreamReadsAFolderOfIdxFilesAndRefusesOtherData(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.copy(HOME.resolve("data/fashion-test-2000-images-idx3-ubyte.gz"), dir.resolve("a-images-idx3-ubyte.gz"));
        java.nio.file.Files.copy(HOME.resolve("data/fashion-test-2000-labels-idx1-ubyte.gz"), dir.resolve("a-labels-idx1-ubyte.gz"));
        ImageStream images = ImageStream.at(dir);
        assertEquals(2000, images.count());
        assertArrayEquals(FashionMnist.bundledTest(HOME).image(7), images.image(7));
        assertThrows(IllegalArgumentException.class, () -> ImageStream.at(dir.resolve("missing")));
        assertThrows(IllegalArgumentException.class, () -> ImageStream.at(HOME.resolve("data/wine-test.csv")));
        assertThrows(IllegalArgumentException.class, () -> ImageStream.at(HOME.resolve("models")));
    }

    @Test
    void configRefusesUnboundedRuns() {
        assertThrows(IllegalArgumentException.class, () -> new HttpThroughputBenchmark.Config(List.of(0), 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new HttpThroughputBenchmark.Config(List.of(1), 0.1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new HttpThroughputBenchmark.Config(List.of(), 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> HttpThroughputBenchmark.Protocol.parse("udp"));
        assertThrows(IllegalArgumentException.class, () -> new HttpThroughputBenchmark.Config(List.of(1), 1, 0, false, List.of(), 1, 100));
        assertThrows(IllegalArgumentException.class, () -> new HttpThroughputBenchmark.Config(List.of(1), 1, 0, false,
                List.of(HttpThroughputBenchmark.Protocol.HTTP), 3, 100));
    }
}
