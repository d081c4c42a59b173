package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WardenCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cli = WardenCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void badArgumentsExit2WithOneLine() {
        Run unknown = run("serve", "--colour", "blue");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip().lines()).hasSize(1);
        assertThat(unknown.err()).contains("--colour");
        assertThat(run("serve", "--port", "many").exit()).isEqualTo(2);
        assertThat(run("frobnicate").exit()).isEqualTo(2);
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run("infer").err()).contains("--url");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"serve", "demo", "infer", "key"}) {
            Run help = run(command, "--help");
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: warden " + command);
        }
        assertThat(run("--help").out()).contains("serve", "demo", "infer");
    }

    @Test
    void failuresExit1WithAMessageNotAStackTrace() {
        Run missing = run("serve", "--policy", "no/such.yaml", "--port", "0");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("policy file not found: no/such.yaml").doesNotContain("\tat ");
        Run unreachable = run("infer", "--url", "http://127.0.0.1:1", "-n", "1");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach").doesNotContain("\tat ");
    }
}
