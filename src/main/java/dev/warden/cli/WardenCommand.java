package dev.warden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warden}: the entry point. Usage errors exit 2 with one line; failures exit 1 with one line. */
@Command(name = "warden", mixinStandardHelpOptions = true, version = "warden 0.1.0",
        description = "System-level security for machine-learning models in production.",
        subcommands = {ServeCommand.class, InitCommand.class, DemoCommand.class, InferCommand.class, KeyCommand.class, BenchCommand.class,
                AssessCommand.class, FailuresCommand.class, CalibrateCommand.class, EvaluateCommand.class, FuzzCommand.class, UpdateCommand.class,
                CommandLine.HelpCommand.class})
public final class WardenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (serve, demo, infer, key, failures)");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new WardenCommand());
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("warden: " + dev.warden.log.Redactor.redact(e.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("warden: error: " + dev.warden.log.Redactor.redact(e.getMessage() != null ? e.getMessage() : e.toString()));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli;
    }
}
