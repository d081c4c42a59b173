package dev.warden.cli;

import dev.warden.failures.FailureClass;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Status;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import dev.warden.policy.FailuresSettings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden failures ...}: the failure database from the command line (docs/failures.md). */
@Command(name = "failures", mixinStandardHelpOptions = true,
        description = "Record, search, confirm and share ML failure cases; confirmed ones are blocked by the known-failure defense.",
        subcommands = {FailuresAddCommand.class, FailuresCommand.ListCommand.class, FailuresCommand.ShowCommand.class,
                FailuresCommand.SearchCommand.class, FailuresCommand.ConfirmCommand.class, FailuresCommand.MergeCommand.class,
                FailuresCommand.PruneCommand.class,
                FailuresExchangeCommands.ExportCommand.class, FailuresExchangeCommands.ImportCommand.class,
                FailuresExchangeCommands.PullCommand.class, FailuresAtlasCommand.class})
final class FailuresCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required (add, list, show, search, confirm, merge, prune, export, import, pull, atlas)");
    }

    /** {@code --db JDBC_URL}: a relative SQLite path is taken from the Warden home. */
    static final class Db {
        @Option(names = "--db", paramLabel = "JDBC_URL",
                description = "failure database (default: jdbc:sqlite:" + FailuresSettings.DEFAULT_FILE + " under the Warden home)")
        String url;

        JdbcFailureStore open() {
            String resolved = url == null ? "jdbc:sqlite:" + Home.dir().resolve(FailuresSettings.DEFAULT_FILE)
                    : FailuresSettings.resolveSqlite(url, Home.dir());
            return JdbcFailureStore.open(resolved);
        }
    }

    static CommandLine.ParameterException usage(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static void printRows(List<FailureRecord> records) {
        for (FailureRecord r : records) {
            System.out.println(String.join("\t", r.id(), r.status().wire(), r.severity().wire(), r.failureClass().wire(),
                    r.model().name(), r.title()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List failure records, oldest id first (id, status, severity, class, model, title).")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Db db;
        @Option(names = "--status", description = "only this status (new, confirmed, mitigated, rejected)")
        String status;
        @Option(names = "--class", description = "only this failure class")
        String failureClass;
        @Option(names = "--model", description = "only this model")
        String model;
        @Option(names = "--limit", defaultValue = "1000", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            RecordFilter filter;
            try {
                filter = new RecordFilter(status == null ? null : Status.parse(status),
                        failureClass == null ? null : FailureClass.parse(failureClass), model, null, limit);
            } catch (IllegalArgumentException e) {
                throw usage(spec, e.getMessage());
            }
            printRows(db.open().list(filter));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a failure record (by id or alias) as JSON.")
    static final class ShowCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Db db;
        @Parameters(paramLabel = "ID", description = "WFD-YYYY-NNNNN")
        String id;

        @Override
        public Integer call() throws Exception {
            if (!dev.warden.failures.FailureId.isValid(id)) throw usage(spec, "not a failure id: '" + id + "' (WFD-YYYY-NNNNN)");
            FailureRecord r = db.open().get(id).orElseThrow(() -> new IllegalArgumentException("no failure record " + id));
            System.out.println(RecordJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(RecordJson.write(r)));
            return 0;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true, description = "Find records whose title or description contains every word given.")
    static final class SearchCommand implements Callable<Integer> {
        @Mixin
        Db db;
        @Parameters(arity = "1..*", paramLabel = "WORD")
        List<String> words;
        @Option(names = "--limit", defaultValue = "100", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            printRows(db.open().search(String.join(" ", words), limit));
            return 0;
        }
    }

    @Command(name = "confirm", mixinStandardHelpOptions = true,
            description = "Confirm failure records: running servers on the same database start blocking their evidence within their refresh interval.")
    static final class ConfirmCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Db db;
        @Parameters(arity = "1..*", paramLabel = "ID")
        List<String> ids;
        @Option(names = "--status", defaultValue = "confirmed", description = "set this status instead (new, confirmed, mitigated, rejected)")
        String status;

        @Override
        public Integer call() {
            Status target;
            try {
                target = Status.parse(status);
                ids.forEach(dev.warden.failures.FailureId::require);
            } catch (IllegalArgumentException e) {
                throw usage(spec, e.getMessage());
            }
            JdbcFailureStore store = db.open();
            for (String id : ids) {
                FailureRecord r = store.setStatus(id, target);
                System.out.println(r.id() + "\t" + r.status().wire());
            }
            return 0;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge a duplicate into the record kept: its id becomes an alias of the kept one and its evidence joins it.")
    static final class MergeCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Db db;
        @Parameters(paramLabel = "DUPLICATE")
        String duplicate;
        @Option(names = "--into", required = true, paramLabel = "KEPT")
        String kept;

        @Override
        public Integer call() {
            if (!dev.warden.failures.FailureId.isValid(duplicate) || !dev.warden.failures.FailureId.isValid(kept)) {
                throw usage(spec, "ids are WFD-YYYY-NNNNN");
            }
            FailureRecord r = db.open().merge(duplicate, kept);
            System.out.println(duplicate + " -> " + r.id() + " (aliases: " + String.join(", ", r.aliases()) + ")");
            return 0;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Delete the candidates a server captured from refused queries that nobody reviewed (status new) and that are "
                    + "older than --older-than days; reviewed, confirmed, imported and hand-recorded failures stay.")
    static final class PruneCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Db db;
        @Option(names = "--older-than", required = true, paramLabel = "DAYS", description = "age in days (0 or more)")
        int days;

        @Override
        public Integer call() {
            if (days < 0) throw usage(spec, "--older-than must be 0 or more days");
            java.time.Instant before = java.time.Instant.now().minus(java.time.Duration.ofDays(days));
            int pruned = db.open().pruneUnreviewed(dev.warden.failures.capture.CaptureQueue.REPORTER_PREFIX, before);
            System.out.println("pruned " + pruned + " captured candidate" + (pruned == 1 ? "" : "s") + " recorded before " + before);
            return 0;
        }
    }
}
