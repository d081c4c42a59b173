package dev.warden.failures.exchange;

import dev.warden.cli.WardenCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code warden failures ...} in this JVM against one database, as a user would from the shell. */
final class WardenCli {
    record Run(int code, String out, String err) {
        Run ok() {
            if (code != 0) throw new AssertionError("exit " + code + ": " + err + out);
            return this;
        }
    }

    private final String db;

    WardenCli(String db) {
        this.db = db;
    }

    Run failures(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "failures";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--db";
        all[args.length + 2] = db;
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = WardenCommand.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(all);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }
}
