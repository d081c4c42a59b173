package dev.warden.failures.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteCaptureBoundsTest extends CaptureBoundsContract {
    @TempDir
    Path dir;
    private int databases;

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("failures-" + (++databases) + ".db");
    }
}
