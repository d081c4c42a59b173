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
        LabeledImages test = FashionMnist.bundledTest(HOME);
        var config = new HttpThroughputBenchmark.Config(List.of(1), 1, 0.5, false);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<HttpThroughputBenchmark.Row> rows = HttpThroughputBenchmark.run(HOME.resolve("models/fashion-cnn.onnx"),
                HOME.resolve("policies/passthrough.yaml"), HOME.resolve("policies/default.yaml"), test, FashionMnist.bundledTrain(HOME),
                config, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertEquals(1, rows.size());
        HttpThroughputBenchmark.Row row = rows.get(0);
        assertEquals(3, row.results().size());
        for (ClosedLoopLoad.Result r : row.results()) {
            assertTrue(r.ok() > 0, "every server answered 200 within the second: " + r.statuses());
            assertEquals(r.ok(), r.okMicros().length);
            assertTrue(r.percentileMillis(99) >= r.percentileMillis(50));
        }
        assertEquals(0, row.serverErrors(), "no 5xx and no failed connection: " + row.results());
        // Honest traffic: the policy may refuse the odd image (ood), never a large share.
        ClosedLoopLoad.Result policy = row.results().get(2);
        assertTrue(policy.non200() <= 0.05 * (policy.ok() + policy.non200()), "policy refused " + policy.refusals());
        String table = HttpThroughputBenchmark.markdown(rows, config, "cmd");
        assertTrue(table.lines().anyMatch(l -> l.startsWith("| 1 | ")), table);
        assertTrue(table.contains("Command: `cmd`"));
        String lines = progress.toString(StandardCharsets.UTF_8);
        for (String server : HttpThroughputBenchmark.SERVERS) assertTrue(lines.contains("concurrency 1, " + server + ":"), lines);
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
    void mirroredImagesAreNewAndReversible() {
        double[] image = FashionMnist.bundledTest(HOME).image(0);
        double[] mirrored = HttpThroughputBenchmark.mirrored(image);
        assertFalse(java.util.Arrays.equals(image, mirrored));
        assertArrayEquals(image, HttpThroughputBenchmark.mirrored(mirrored));
        assertEquals(image[0], mirrored[27]);
    }

    @Test
    void configRefusesUnboundedRuns() {
        assertThrows(IllegalArgumentException.class, () -> new HttpThroughputBenchmark.Config(List.of(0), 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new HttpThroughputBenchmark.Config(List.of(1), 0.1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new HttpThroughputBenchmark.Config(List.of(), 1, 0, false));
    }
}
