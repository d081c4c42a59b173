package dev.warden.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.WardenCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FuzzCommandTest {
    static final Path HOME = Path.of("").toAbsolutePath();
    static final String POLICY = HOME.resolve("policies/default.yaml").toString();

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        CommandLine cli = WardenCommand.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void badArgumentsExitTwoWithAMessageNamingTheProblem(@TempDir Path dir) {
        String out = dir.toString();
        assertThat(cli("fuzz", "--out", out)).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--policy FILE or --target URL");
        });
        assertThat(cli("fuzz", "--policy", POLICY, "--strategy", "sideways", "--out", out).err()).contains("--strategy must be coverage or random");
        assertThat(cli("fuzz", "--target", "http://127.0.0.1:1", "--out", out).err()).contains("needs --local-model");
        assertThat(cli("fuzz", "--policy", POLICY, "--guide", "vibes", "--out", out).err()).contains("--guide must be among");
        assertThat(cli("fuzz", "--policy", POLICY, "--schedule", "sideways", "--out", out).err()).contains("--schedule must be corpus or seed");
        assertThat(cli("fuzz", "--policy", POLICY, "--oracle", "bogus", "--out", out).err()).contains("unknown oracle 'bogus'");
        Result noPeer = cli("fuzz", "--policy", POLICY, "--oracle", "disagreement", "--budget", "10", "--out", out);
        assertThat(noPeer.code()).isEqualTo(2);
        assertThat(noPeer.err()).contains("disagreement oracle needs a second model");
        assertThat(cli("fuzz", "--policy", POLICY, "--budget", "0", "--out", out).err()).contains("--budget must be >= 1");
    }

    @Test
    void writesTheReportAndOneJsonPerFindingWithTheContractFields(@TempDir Path dir) throws Exception {
        Result r = cli("fuzz", "--policy", POLICY, "--peer-model", HOME.resolve("models/fashion-mlp.onnx").toString(), "--budget", "80",
                "--strategy", "random", "--repeats", "1", "--seeds", "20", "--calibration-inputs", "200", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode report = json.readTree(dir.resolve("report.json").toFile());
        for (String c : List.of("nc", "kmnc", "nbc", "snac", "tknc")) assertThat(report.path("coverage").path(c).isNumber()).as(c).isTrue();
        assertThat(report.path("oracles")).extracting(JsonNode::asText).containsExactly("misclassification", "disagreement", "nan", "bypass");
        assertThat(Files.readString(dir.resolve("report.html"))).startsWith("<!DOCTYPE html>").contains("data:image/png;base64,");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("findings"))) {
            files = s.toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            JsonNode n = json.readTree(f.toFile());
            assertThat(List.of("misclassification", "disagreement", "nan", "bypass")).contains(n.path("oracle").asText());
            assertThat(n.path("expected_label").isInt()).isTrue();
            assertThat(n.path("seed_index").isInt()).isTrue();
            assertThat(n.path("random_seed").asLong()).isEqualTo(1);
            assertThat(n.path("mutations").isArray()).isTrue();
            assertThat(n.path("mutations").path(0).path("kind").isTextual()).isTrue();
            JsonNode input = n.path("input");
            assertThat(input.path("name").asText()).isEqualTo("input");
            assertThat(input.path("datatype").asText()).isEqualTo("FP32");
            assertThat(input.path("shape")).extracting(JsonNode::asInt).containsExactly(1, 1, 28, 28);
            assertThat(input.path("data").size()).isEqualTo(784);
        }
    }
}
