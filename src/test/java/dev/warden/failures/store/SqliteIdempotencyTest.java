package dev.warden.failures.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteIdempotencyTest extends IdempotencyContract {
    @TempDir
    Path dir;

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("failures.db");
    }
}
