package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden evaluate ood} on models other than the 28x28 grey ones: OOD sets generated in the model's own sample
 * space (colour images, tabular rows in their ranges) and the user's own OOD data; {@code evaluate temporal
 * --streams} reads camera streams from an .npz.
 */
class EvaluateAnyModelTest {
    static final Path UNSEEN = TestServer.REPO.resolve("src/test/resources/unseen");
    @TempDir
    Path dir;

    @Test
    void anRgbModelGetsColourSetsAndTheUsersOwnOodData() throws Exception {
        Path out = dir.resolve("rgb");
        WardenCommandTest.Run init = WardenCommandTest.run("init", "--model", UNSEEN.resolve("shapes-rgb.onnx").toString(), "--data",
                UNSEEN.resolve("shapes-train").toString(), "--out", out.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        String table = evaluate("ood", "--policy", out.resolve("policy.yaml").toString(), "--data", UNSEEN.resolve("shapes-test.npz").toString(),
                "--per-set", "100", "--ood-data", TestServer.REPO.resolve("data/signs-test.npz").toString());
        assertThat(table).contains("| bgr | 100 |").contains("| grey | 100 |").contains("| digits | 100 |")
                .contains("| --ood-data data/signs-test.npz | 600 |").contains("test images (benign): false rejections** | 200 |");
        // Uniform colour noise is nothing like a drawn shape (measured 0.93 with init's policy, no normalization declared).
        assertThat(auroc(table, "uniform")).isGreaterThan(0.85);
    }

    @Test
    void aTabularModelGetsRowsWithinItsFeatureRanges() throws Exception {
        String table = evaluate("ood", "--policy", "policies/wine.yaml", "--data", "data/wine-test.csv", "--per-set", "200");
        assertThat(table).contains("| uniform | 200 |").contains("| independent | 200 |").contains("| units | 200 |")
                .contains("| swapped | 200 |").contains("| shifted | 200 |").contains("| 54 |");
        // Every feature shifted by three standard deviations is far from the wine rows.
        assertThat(auroc(table, "shifted")).isGreaterThan(0.9);
    }

    @Test
    void temporalStreamsThatAreNotStreamsAreRefusedNamingTheArray() {
        WardenCommandTest.Run run = WardenCommandTest.run("evaluate", "temporal", "--policy", "policies/evaluation.yaml",
                "--streams", TestServer.REPO.resolve("data/signs-test.npz").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("holds no array 'frames'");
    }

    static double auroc(String table, String set) {
        Matcher m = Pattern.compile("\\| " + Pattern.quote(set) + " \\| \\d+ \\| ([0-9.]+) \\|").matcher(table);
        assertThat(m.find()).as(table).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static synchronized String evaluate(String... args) {
        PrintStream was = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "evaluate";
            System.arraycopy(args, 0, all, 1, args.length);
            WardenCommandTest.Run run = WardenCommandTest.run(all);
            assertThat(run.exit()).as(run.err()).isZero();
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(was);
        }
    }
}
