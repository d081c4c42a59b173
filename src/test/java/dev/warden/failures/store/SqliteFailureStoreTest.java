package dev.warden.failures.store;

import dev.warden.failures.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class SqliteFailureStoreTest extends FailureStoreContract {
    @TempDir
    Path dir;
    private int databases;

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("failures-" + (++databases) + ".db");
    }

    @Override
    protected List<String> integrityProblems(Connection c) throws Exception {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) if (!rs.getString(1).equals("ok")) problems.add(rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                while (rs.next()) problems.add("foreign key broken in " + rs.getString(1));
            }
        }
        return problems;
    }
}
