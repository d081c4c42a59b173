package dev.warden.cli;

import dev.warden.failures.exchange.FailureExchange;
import dev.warden.failures.exchange.FeedPuller;
import dev.warden.failures.exchange.ImportReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failures export}, {@code import} and {@code pull}. */
final class FailuresExchangeCommands {
    private FailuresExchangeCommands() {
    }

    /** One line per record, then totals; a feed URL given with credentials is printed without them. */
    static int report(ImportReport report) {
        report.lines().forEach(line -> System.out.println(dev.warden.log.Redactor.redact(line)));
        System.out.println(dev.warden.log.Redactor.redact(report.summary()));
        return 0;
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export every record: avid or cve5 (a folder, one JSON per record), csv (a file), bundle (a zip for 'import --format bundle').")
    static final class ExportCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        FailuresCommand.Db db;
        @Option(names = "--format", required = true, description = "avid, cve5, csv or bundle")
        String format;
        @Option(names = "--out", required = true, paramLabel = "PATH")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (!FailureExchange.EXPORT_FORMATS.contains(format)) throw FailuresCommand.usage(spec, "unknown format '" + format + "' (avid, cve5, csv or bundle)");
            int n = FailureExchange.export(db.open(), format, out);
            System.out.println(n + " records exported as " + format + " to " + out);
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import AVID reports or CVE JSON 5 records (JSON files) or Warden bundles (zip files), given as files or folders; prints what was mapped.")
    static final class ImportCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        FailuresCommand.Db db;
        @Option(names = "--format", required = true, description = "avid, cve5 or bundle")
        String format;
        @Parameters(arity = "1..*", paramLabel = "PATH")
        List<Path> paths;

        @Override
        public Integer call() throws Exception {
            if (!FailureExchange.IMPORT_FORMATS.contains(format)) throw FailuresCommand.usage(spec, "unknown format '" + format + "' (avid, cve5 or bundle)");
            for (Path p : paths) {
                if (!p.toFile().exists()) throw FailuresCommand.usage(spec, "no such file or folder: " + p);
            }
            return report(FailureExchange.importPaths(db.open(), format, paths));
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Import the records of another Warden's feed (GET URL/api/failures), keeping where they came from and skipping those already here.")
    static final class PullCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        FailuresCommand.Db db;
        @Parameters(paramLabel = "URL", description = "the other Warden, e.g. http://10.0.0.5:8080")
        String url;
        @Option(names = "--api-key", description = "a key with the failures:read scope on the other Warden")
        String apiKey;

        @Override
        public Integer call() {
            if (!url.startsWith("http://") && !url.startsWith("https://")) throw FailuresCommand.usage(spec, "URL must start with http:// or https://");
            return report(new FeedPuller(url, apiKey).pull(db.open()));
        }
    }
}
