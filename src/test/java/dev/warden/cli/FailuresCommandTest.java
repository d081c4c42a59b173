package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.failures.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FailuresCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = WardenCommand.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    String[] withDb(String db, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--db";
        all[args.length + 1] = db;
        return all;
    }

    @Test
    void addListConfirmShowSearchExportImportAndMergeFromTheCommandLine() throws Exception {
        String db = "jdbc:sqlite:" + dir.resolve("a.db");
        Path request = dir.resolve("request.json");
        Files.writeString(request, "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 4], \"data\": [0.1, 0.2, 0.3, 0.4]}]}");
        Run add = run(withDb(db, "failures", "add", "--title", "Stickers make stop signs read as speed limits", "--model", "fashion-cnn",
                "--class", "physical_input", "--atlas", "AML.T0043.003", "--severity", "high", "--request", request.toString(),
                "--expected-label", "1", "--observed-label", "7", "--attack", "patch", "--eps", "0.3"));
        assertThat(add.code()).as(add.err()).isZero();
        String id = add.out().trim();
        assertThat(id).matches("WFD-\\d{4}-00001");
        String second = run(withDb(db, "failures", "add", "--title", "Fog hides pedestrians", "--model", "fashion-cnn")).out().trim();
        assertThat(run(withDb(db, "failures", "list")).out()).contains(id + "\tnew\thigh\tphysical_input\tfashion-cnn\tStickers");
        assertThat(run(withDb(db, "failures", "confirm", id)).out()).contains(id + "\tconfirmed");
        assertThat(run(withDb(db, "failures", "list", "--status", "confirmed")).out().lines()).hasSize(1);
        assertThat(run(withDb(db, "failures", "search", "stop", "SIGNS")).out()).contains(id).doesNotContain(second);
        assertThat(run(withDb(db, "failures", "show", id)).out()).contains("\"sha256\"").contains("\"epsilon\" : 0.3");

        Path bundle = dir.resolve("out/all.zip");
        assertThat(run(withDb(db, "failures", "export", "--format", "bundle", "--out", bundle.toString())).out()).contains("2 records exported");
        String other = "jdbc:sqlite:" + dir.resolve("b.db");
        assertThat(run(withDb(other, "failures", "import", "--format", "bundle", dir.resolve("out").toString())).out()).contains("2 imported");
        assertThat(run(withDb(other, "failures", "show", id)).out()).contains("\"status\" : \"confirmed\"");

        assertThat(run(withDb(db, "failures", "merge", second, "--into", id)).out()).contains(second + " -> " + id);
        assertThat(run(withDb(db, "failures", "show", second)).out()).contains("\"id\" : \"" + id + "\"");
        assertThat(run(withDb(db, "failures", "export", "--format", "csv", "--out", dir.resolve("l.csv").toString())).code()).isZero();
        assertThat(Files.readString(dir.resolve("l.csv"))).contains(second);
    }

    @Test
    void anAddRetriedWithItsIdempotencyKeyPrintsTheFirstIdOnSqlite() {
        retriedAddsStoreOneRecord("jdbc:sqlite:" + dir.resolve("idem.db"));
    }

    /** The same on {@code db}; PostgreSQL: {@code FailuresIdempotencyCliIT}. */
    void retriedAddsStoreOneRecord(String db) {
        String[] add = withDb(db, "failures", "add", "--title", "Glare flips the label", "--model", "fashion-cnn",
                "--idempotency-key", "ticket-4711");
        Run first = run(add);
        assertThat(first.code()).isZero();
        Run again = run(add);
        assertThat(again.code()).isZero();
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(again.err()).contains("already recorded as " + first.out().trim());
        assertThat(run(withDb(db, "failures", "list")).out().lines()).hasSize(1);

        Run reused = run(withDb(db, "failures", "add", "--title", "Another failure", "--model", "fashion-cnn",
                "--idempotency-key", "ticket-4711"));
        assertThat(reused.code()).isEqualTo(1);
        assertThat(reused.err().trim().lines()).hasSize(1);
        assertThat(reused.err()).contains("idempotency key 'ticket-4711' was used for a different record (" + first.out().trim() + ")");
        Run bad = run(withDb(db, "failures", "add", "--title", "t", "--model", "m", "--idempotency-key", "two words"));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--idempotency-key must be 1 to 255 visible ASCII characters");
        assertThat(run(withDb(db, "failures", "list")).out().lines()).hasSize(1);
    }

    @Test
    void atlasImportMakesUnknownTechniquesAUsageError() {
        Path atlas = TestDatabases.sharedData().resolve("atlas/ATLAS.yaml");
        String db = "jdbc:sqlite:" + dir.resolve("a.db");
        assertThat(run(withDb(db, "failures", "atlas", "import", atlas.toString())).out()).startsWith("ATLAS 5.6.0: ");
        assertThat(run(withDb(db, "failures", "atlas", "show")).out()).startsWith("ATLAS 5.6.0: ");
        Run bad = run(withDb(db, "failures", "add", "--title", "t", "--model", "m", "--atlas", "AML.T9999"));
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("AML.T9999 is not in the loaded ATLAS release 5.6.0");
    }

    @Test
    void badArgumentsExitTwoWithOneLineAndEveryCommandHasHelp() {
        String db = "jdbc:sqlite:" + dir.resolve("a.db");
        for (String[] args : new String[][] {
                {"failures", "add", "--title", "t", "--model", "m", "--class", "bogus"},
                {"failures", "add", "--title", "t", "--model", "m", "--atlas", "T0043"},
                {"failures", "list", "--status", "open"},
                {"failures", "show", "42"},
                {"failures", "export", "--format", "xml", "--out", "x"},
                {"failures", "import", "--format", "avid", "/no/such/file"},
                {"failures", "pull", "ftp://x"},
                {"failures"}}) {
            Run r = run(withDb(db, args));
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(String.join(" ", args)).hasSize(1);
        }
        for (String sub : new String[] {"add", "list", "show", "search", "confirm", "merge", "export", "import", "pull", "atlas"}) {
            assertThat(run("failures", sub, "--help").code()).as(sub).isZero();
        }
    }
}
