package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AssessCommandTest {
    @TempDir
    Path out;

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = WardenCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int exit = cli.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void badArgumentsExitTwoWithOneLine() {
        Run unknown = run("assess", "--target", "model:models/fashion-cnn.onnx", "--attack", "fgsm", "--out", out.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown attack 'fgsm'").hasLineCount(1);
        Run noTarget = run("assess", "--attack", "hsj", "--out", out.toString());
        assertThat(noTarget.exit()).isEqualTo(2);
        assertThat(noTarget.err()).contains("--target");
        Run refused = run("assess", "--policy", "policies/default.yaml", "--attack", "square", "--out", out.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("square needs class scores but the target reveals the top label only").hasLineCount(1);
        Run tooManyAccounts = run("assess", "--target", "http://127.0.0.1:9", "--attack", "hsj", "--accounts", "0", "--out", out.toString());
        assertThat(tooManyAccounts.exit()).isEqualTo(2);
    }

    @Test
    void helpIsThere() {
        assertThat(run("assess", "--help").exit()).isZero();
    }

    @Test
    void anInProcessRunWritesBothReports() throws Exception {
        Run ok = run("assess", "--target", "model:models/fashion-cnn.onnx", "--attack", "square", "--samples", "2",
                "--budget", "300", "--out", out.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("runs").get(0).path("attack").asText()).isEqualTo("square");
        assertThat(report.path("runs").get(0).path("per_sample")).hasSize(2);
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
    }

    @Test
    void theOarsFlagReachesTheAdversary() throws Exception {
        // A bare model refuses nothing, so the learned noise shrinks from start to its floor: both given here.
        Run ok = run("assess", "--target", "model:models/fashion-cnn.onnx", "--attack", "square", "--samples", "1",
                "--budget", "30", "--oars", "start=0.02,floor=0.02", "--out", out.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        JsonNode sample = new ObjectMapper().readTree(out.resolve("report.json").toFile()).path("runs").get(0).path("per_sample").get(0);
        assertThat(sample.path("oars_noise").asDouble()).isEqualTo(0.02);
        assertThat(sample.path("oars_noise_max").asDouble()).isEqualTo(0.02);
        Run bad = run("assess", "--target", "model:models/fashion-cnn.onnx", "--attack", "square", "--oars", "grow=0.5", "--out", out.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--oars: OARS grow=0.5 must be in (1, 10]").hasLineCount(1);
        Run both = run("assess", "--target", "model:models/fashion-cnn.onnx", "--attack", "square", "--oars", "--disguise", "0.05",
                "--out", out.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("give --oars or --disguise, not both").hasLineCount(1);
        java.nio.file.Path tm = out.resolve("tm.yaml");
        java.nio.file.Files.writeString(tm, "access: scores\n");
        Run withThreatModel = run("assess", "--target", "model:models/fashion-cnn.onnx", "--threat-model", tm.toString(), "--oars",
                "--out", out.toString());
        assertThat(withThreatModel.exit()).isEqualTo(2);
        assertThat(withThreatModel.err()).contains("--oars with --threat-model: put 'oars: default' in the threat model file").hasLineCount(1);
    }
}
