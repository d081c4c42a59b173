package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.server.RunningServer;
import dev.warden.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's acceptance walk, as a new user takes it, on models and data the project has never seen
 * (src/test/resources/unseen, made by tools/make_unseen_models.py): {@code warden init} with the user's data,
 * {@code serve} of the policy it wrote, {@code calibrate} after the user corrects the sidecar, {@code assess} in
 * process and over HTTP, and {@code failures} reading what assess recorded. No code change between models, no
 * 500, and each refusal names its problem.
 */
class UnseenModelsWalkTest {
    static final Path UNSEEN = TestServer.REPO.resolve("src/test/resources/unseen");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "wk_unseen-walk-red-team-key-0123456789abcdef";
    @TempDir
    Path dir;

    @Test
    void anImagenetNormalizedRgbModelWithAnImageFolder() throws Exception {
        Path out = dir.resolve("rgb");
        WardenCommandTest.Run init = init("shapes-rgb.onnx", "shapes-train", out);
        assertThat(init.out()).contains("input 'input': FP32 [-1, 3, 32, 32], layout NCHW, range [0.0, 1.0], guessed from the data: its values are pixels in [0, 1]")
                .contains("labels: 4 (circle, cross, square, triangle)")
                .contains("if the model expects mean/std-normalized input")
                .contains("defense chain (enforced): lockout -> validate -> query -> known-failure -> ood");
        // The user says what Warden cannot see in the graph, and reruns init: it reads its own sidecar back.
        Path sidecar = out.resolve("shapes-rgb.json");
        Files.writeString(sidecar, Files.readString(sidecar).replaceFirst("\"layout\"",
                "\"normalization\" : {\"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225]},\n  \"layout\""));
        WardenCommandTest.Run again = WardenCommandTest.run("init", "--model", UNSEEN.resolve("shapes-rgb.onnx").toString(), "--data",
                UNSEEN.resolve("shapes-train").toString(), "--out", out.toString(), "--force");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("read back").contains("normalized by the sidecar's mean/std").contains("range [0.0, 1.0]")
                .doesNotContain("mean/std-normalized input");
        walk(out, "shapes-rgb", "shapes-train", "shapes-test", "FP32", "[1,3,32,32]");
    }

    @Test
    void theSameNetworkTakingUint8NhwcWithNpyData() throws Exception {
        Path out = dir.resolve("u8");
        WardenCommandTest.Run init = init("shapes-u8.onnx", "shapes-u8-train.npy", out);
        assertThat(init.out()).contains("input 'image': UINT8 [-1, 32, 32, 3], layout NHWC, range [0.0, 255.0]")
                .contains("defense chain (enforced): lockout -> validate -> query -> known-failure -> ood")
                .contains("class labels: answers name classes by index");
        walk(out, "shapes-u8", "shapes-u8-train.npy", "shapes-test.npz", "UINT8", "[1,32,32,3]");
    }

    @Test
    void aThirteenFeatureTabularModelWithCsv() throws Exception {
        Path out = dir.resolve("tab");
        WardenCommandTest.Run init = init("tabular13.onnx", "tabular13-train.csv", out);
        assertThat(init.out()).contains("input 'x': FP32 [-1, 13], layout FEATURES, range 13 per channel/feature, guessed from 600 rows")
                .contains("query: query cannot run on model 'tabular13': window fingerprints need")
                .contains("ood: the model declares no features output")
                .contains("check the guessed range of input 'x'");
        walk(out, "tabular13", "tabular13-train.csv", "tabular13-test.csv", "FP32", "[1,13]");
    }

    private WardenCommandTest.Run init(String model, String data, Path out) {
        WardenCommandTest.Run init = WardenCommandTest.run("init", "--model", UNSEEN.resolve(model).toString(), "--data",
                UNSEEN.resolve(data).toString(), "--out", out.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        return init;
    }

    /** serve, calibrate, assess in process and over HTTP, failures: the same steps for every model. */
    private void walk(Path out, String model, String train, String test, String datatype, String shape) throws Exception {
        Path policy = out.resolve("policy.yaml");
        // A red-team key with full scores, as './warden key new' would give one.
        Files.writeString(policy, Files.readString(policy).replace("accounts: []", "accounts:\n  - {id: red-team, keySha256: \""
                + sha256(KEY) + "\", tier: scores}"));
        Captured calibrate = captured(() -> WardenCommandTest.run("calibrate", "--policy", policy.toString(), "--data",
                UNSEEN.resolve(train).toString()));
        assertThat(calibrate.run.exit()).as(calibrate.run.err()).isZero();
        String db = "jdbc:sqlite:" + out.resolve("failures.db");

        Captured inProcess = captured(() -> WardenCommandTest.run("assess", "--target", "policy:" + policy, "--attack", "square",
                "--api-key", KEY, "--samples", "2", "--budget", "150", "--eps", "0.3", "--data", UNSEEN.resolve(test).toString(),
                "--record-failures", "--db", db, "--out", out.resolve("assess").toString()));
        assertThat(inProcess.run.exit()).as(inProcess.run.err() + inProcess.stdout).isZero();
        JsonNode report = JSON.readTree(out.resolve("assess/report.json").toFile());
        assertThat(report.toString()).contains("square");

        try (RunningServer server = RunningServer.start(policy, "127.0.0.1", 0, null)) {
            TestServer client = TestServer.attach(server, policy);
            // The first held-out sample, converted for the route as any command converts --data.
            var meta = server.live().current().route(model, null).orElseThrow().metadata();
            var held = dev.warden.calibrate.ModelInputs.samples(dev.warden.data.SampleSource.open(UNSEEN.resolve(test)), meta, null, null);
            // Samples 10 to 14: assess probes with sample 0 below, and the query detector would refuse a repeat of it.
            String one = values(held.image(10), datatype.equals("UINT8"));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 10; i < 15; i++) {
                HttpResponse<String> r = client.post("/v2/models/" + model + "/infer",
                        body(datatype, shape, values(held.image(i), datatype.equals("UINT8")), inputOf(client, model)), null);
                assertThat(r.statusCode()).as(r.body()).isIn(200, 403);
                statuses.add(r.statusCode());
            }
            assertThat(statuses.stream().filter(c -> c == 200).count()).as("held-out samples answered: " + statuses).isGreaterThanOrEqualTo(4);
            HttpResponse<String> wrongShape = client.post("/v2/models/" + model + "/infer",
                    body(datatype, "[1,7]", "1,2,3,4,5,6,7", inputOf(client, model)), null);
            assertThat(wrongShape.statusCode()).isEqualTo(400);
            assertThat(wrongShape.body()).contains("shape");
            HttpResponse<String> outOfRange = client.post("/v2/models/" + model + "/infer",
                    body(datatype, shape, one.replaceFirst("^[^,]+", "100000"), inputOf(client, model)), null);
            assertThat(outOfRange.statusCode()).as(outOfRange.body()).isEqualTo(400);

            Captured overHttp = captured(() -> WardenCommandTest.run("assess", "--target", server.url(), "--model", model, "--attack", "hsj",
                    "--samples", "2", "--budget", "120", "--data", UNSEEN.resolve(test).toString(), "--out", out.resolve("assess-http").toString()));
            assertThat(overHttp.run.exit()).as(overHttp.run.err() + overHttp.stdout).isZero();
            JsonNode httpReport = JSON.readTree(out.resolve("assess-http/report.json").toFile());
            assertThat(httpReport.toString()).contains("hsj");
            // Every query the attack sent was answered or refused by the guard: none failed as a server error.
            assertThat(overHttp.stdout + overHttp.run.err()).doesNotContain("HTTP 500").doesNotContain("Exception");
        }

        Captured list = captured(() -> WardenCommandTest.run("failures", "list", "--db", db));
        assertThat(list.run.exit()).as(list.run.err()).isZero();
        // What assess recorded, plus the candidates the served guard itself captured from the refused attack queries
        // (the policy's failure database is the same file).
        int recorded = Integer.parseInt(inProcess.stdout.replaceAll("(?s).*recorded (\\d+) failure case.*", "$1"));
        assertThat(list.stdout.lines().filter(l -> l.contains("\t" + model + "\t")).count()).isGreaterThanOrEqualTo(recorded);
        assertThat(list.stdout.lines().filter(l -> !l.isBlank())).allMatch(l -> l.contains("\t" + model + "\t"));
    }

    private static String inputOf(TestServer client, String model) throws Exception {
        return JSON.readTree(client.get("/v2/models/" + model, null).body()).path("inputs").path(0).path("name").asText();
    }

    private static String values(double[] sample, boolean integral) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sample.length; i++) {
            b.append(i == 0 ? "" : ",").append(integral ? Long.toString(Math.round(sample[i])) : String.format(Locale.ROOT, "%.6g", sample[i]));
        }
        return b.toString();
    }

    private static String body(String datatype, String shape, String data, String input) {
        return "{\"inputs\":[{\"name\":\"" + input + "\",\"datatype\":\"" + datatype + "\",\"shape\":" + shape + ",\"data\":[" + data + "]}]}";
    }

    private static String sha256(String key) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d);
    }

    record Captured(WardenCommandTest.Run run, String stdout) {
    }

    /** Commands that print their tables with System.out (assess, calibrate, failures list). */
    private static synchronized Captured captured(Supplier<WardenCommandTest.Run> command) {
        PrintStream was = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            WardenCommandTest.Run run = command.get();
            return new Captured(run, run.out() + buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(was);
        }
    }

    static List<String> lines(String s) {
        return new ArrayList<>(s.lines().toList());
    }
}
