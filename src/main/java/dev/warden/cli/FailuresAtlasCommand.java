package dev.warden.cli;

import dev.warden.failures.store.AtlasCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "atlas", mixinStandardHelpOptions = true,
        description = "'atlas import ATLAS.yaml' loads a MITRE ATLAS release to check technique ids against; 'atlas show' names the loaded one.")
final class FailuresAtlasCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    FailuresCommand.Db db;
    @Parameters(index = "0", paramLabel = "ACTION", description = "import or show")
    String action;
    @Parameters(index = "1", arity = "0..1", paramLabel = "ATLAS.yaml")
    Path file;

    @Override
    public Integer call() {
        switch (action) {
            case "import" -> {
                if (file == null) throw FailuresCommand.usage(spec, "atlas import needs the ATLAS.yaml file");
                if (!Files.isRegularFile(file)) throw FailuresCommand.usage(spec, "no such file: " + file);
                AtlasCatalog.Release r = db.open().atlas().load(file);
                System.out.println("ATLAS " + r.version() + ": " + r.techniques() + " techniques and sub-techniques loaded");
            }
            case "show" -> System.out.println(db.open().atlas().release()
                    .map(r -> "ATLAS " + r.version() + ": " + r.techniques() + " techniques and sub-techniques")
                    .orElse("no ATLAS release loaded: technique ids are checked against the pattern only"));
            default -> throw FailuresCommand.usage(spec, "unknown action '" + action + "' (import or show)");
        }
        return 0;
    }
}
