package dev.warden.failures;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** Fresh failure databases for tests: an SQLite file in a temp folder, or a new schema in PostgreSQL's {@code test} database. */
public final class TestDatabases {
    public static final String PG_BASE = System.getProperty("warden.test.pg",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestDatabases() {
    }

    public static String sqlite(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("failures.db");
    }

    /** A URL whose current schema is new and empty; Flyway creates it. */
    public static String postgres() {
        String schema = "wfd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_BASE)) {
            c.isValid(2);
        } catch (SQLException e) {
            String why = "PostgreSQL is not reachable at " + PG_BASE + " (start it, or run ./warden test): " + e.getMessage();
            // In CI a missing service is a failure, never a silent skip.
            if (System.getenv("CI") != null) throw new IllegalStateException(why, e);
            Assumptions.abort(why);
        }
        return PG_BASE + "&currentSchema=" + schema;
    }

    public static void dropPostgres(String url) {
        int at = url.indexOf("currentSchema=");
        if (at < 0) return;
        String schema = url.substring(at + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(PG_BASE); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared test data folder beside the repository ({@code ../shared/data}); skips the test when absent. */
    public static Path sharedData() {
        Path data = Path.of("..", "shared", "data").toAbsolutePath().normalize();
        Assumptions.assumeTrue(java.nio.file.Files.isDirectory(data),
                "the shared test data folder " + data + " is absent (CI lays shared/ beside the repository)");
        return data;
    }
}
