package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.server.RunningServer;
import dev.warden.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's acceptance path for models the project has never seen: 'warden init' writes a policy that fits, a real
 * server starts from it and answers real samples, and what the model cannot carry is left out with its reason.
 */
class InitEndToEndTest {
    static final Path MODELS = TestServer.REPO.resolve("src/test/resources/models");
    @TempDir
    Path dir;

    @Test
    void aTabularModelWithCsvDataGetsValidationQueryAndCalibratedOod() throws Exception {
        Path out = dir.resolve("wine");
        WardenCommandTest.Run init = WardenCommandTest.run("init", "--model", MODELS.resolve("wine-mlp.onnx").toString(),
                "--data", TestServer.REPO.resolve("data/wine-train.csv").toString(), "--out", out.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("defense chain (enforced): lockout -> validate").contains("left out:")
                .contains("ood: the model declares no features output");
        List<String> row = Files.readAllLines(TestServer.REPO.resolve("data/wine-test.csv")).subList(1, 2);
        String[] cells = row.get(0).split(",");
        StringBuilder features = new StringBuilder();
        for (int i = 0; i < 13; i++) features.append(i == 0 ? "" : ",").append(cells[i]);
        try (RunningServer server = RunningServer.start(out.resolve("policy.yaml"), "127.0.0.1", 0, null)) {
            TestServer client = TestServer.attach(server, out.resolve("policy.yaml"));
            HttpResponse<String> ok = client.post("/v2/models/wine-mlp/infer", body("FP32", "[1,13]", features.toString()), null);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            String outOfRange = features.toString().replaceFirst("^[^,]+", "99.0");
            HttpResponse<String> refused = client.post("/v2/models/wine-mlp/infer", body("FP32", "[1,13]", outOfRange), null);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("out_of_range");
        }
    }

    @Test
    void anRgbModelWithImagesGetsItsLabelsFromTheSidecarAndAnswersPixelsInZeroToOne() throws Exception {
        Path out = dir.resolve("signs");
        WardenCommandTest.Run init = WardenCommandTest.run("init", "--model", TestServer.REPO.resolve("models/signs-cnn.onnx").toString(),
                "--data", TestServer.REPO.resolve("data/signs-train.npz").toString(), "--out", out.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("normalized by the sidecar's mean/std").contains("labels: 8");
        try (RunningServer server = RunningServer.start(out.resolve("policy.yaml"), "127.0.0.1", 0, null)) {
            TestServer client = TestServer.attach(server, out.resolve("policy.yaml"));
            assertThat(Files.readString(out.resolve("policy.yaml"))).contains("calibration: policy.calibration.json").contains("type: ood");
            var meta = server.live().current().route("signs-cnn", null).orElseThrow().metadata();
            var test = dev.warden.calibrate.ModelInputs.samples(dev.warden.data.SampleSource.open(TestServer.REPO.resolve("data/signs-test.npz")),
                    meta, null, null);
            int answered = 0;
            int right = 0;
            for (int i = 0; i < 20; i++) {
                StringBuilder pixels = new StringBuilder();
                for (double v : test.image(i)) pixels.append(pixels.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", v));
                HttpResponse<String> r = client.post("/v2/models/signs-cnn/infer", body("FP32", "[1,3,32,32]", pixels.toString()), null);
                if (r.statusCode() != 200) continue;
                answered++;
                if (r.body().contains("\"" + meta.labelOf(test.label(i)) + "\"")) right++;
            }
            assertThat(answered).as("held-out signs answered").isGreaterThanOrEqualTo(18);
            assertThat(right).as("and labelled right (the model measures 96% on held-out signs)").isGreaterThanOrEqualTo(answered - 2);
        }
    }

    @Test
    void aUint8NhwcModelWithoutDataOrSidecarStartsWithTheUncalibratedChainAndSaysWhatIsMissing() throws Exception {
        Path out = dir.resolve("uint8");
        WardenCommandTest.Run init = WardenCommandTest.run("init", "--model", MODELS.resolve("rgb-cnn-uint8.onnx").toString(),
                "--out", out.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("UINT8").contains("NHWC").contains("ood: needs benign samples")
                .contains("class labels: answers name classes by index");
        try (RunningServer server = RunningServer.start(out.resolve("policy.yaml"), "127.0.0.1", 0, null)) {
            TestServer client = TestServer.attach(server, out.resolve("policy.yaml"));
            StringBuilder pixels = new StringBuilder();
            for (int i = 0; i < 32 * 32 * 3; i++) pixels.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%d", (i * 37) % 256));
            assertThat(client.post("/v2/models/rgb-cnn-uint8/infer", body("UINT8", "[1,32,32,3]", pixels.toString(), "image"), null).statusCode()).isEqualTo(200);
            assertThat(client.post("/v2/models/rgb-cnn-uint8/infer", body("UINT8", "[1,32,32,3]", pixels.toString().replaceFirst("^\\d+", "300"), "image"), null)
                    .statusCode()).isEqualTo(400);
        }
    }

    @Test
    void badArgumentsExitTwo() {
        assertThat(WardenCommandTest.run("init", "--model", dir.resolve("none.onnx").toString(), "--out", dir.toString()).exit()).isEqualTo(2);
        assertThat(WardenCommandTest.run("init", "--model", MODELS.resolve("wine-mlp.onnx").toString(), "--out", dir.toString(),
                "--name", "bad name").exit()).isEqualTo(2);
    }

    static String body(String datatype, String shape, String data) {
        return body(datatype, shape, data, "input");
    }

    static String body(String datatype, String shape, String data, String input) {
        return "{\"inputs\":[{\"name\":\"" + input + "\",\"datatype\":\"" + datatype + "\",\"shape\":" + shape + ",\"data\":[" + data + "]}]}";
    }
}
