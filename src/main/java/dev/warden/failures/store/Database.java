package dev.warden.failures.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * Connections to the failure database, SQLite (embedded, a file) or PostgreSQL (by URL), migrated by
 * Flyway on open. Every unit of work runs in one transaction on its own connection: SQLite in WAL mode
 * with full sync and immediate (write-locking) transactions, so that a killed process loses nothing it
 * acknowledged and concurrent writers wait instead of failing.
 */
public final class Database {
    public enum Kind { SQLITE, POSTGRESQL }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final int IDLE_CONNECTIONS = 4;

    private final String url;
    private final String shownUrl;
    private final Kind kind;
    private final Properties properties;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(IDLE_CONNECTIONS);

    private Database(String url, Kind kind, Properties properties) {
        this.url = url;
        this.shownUrl = dev.warden.log.Redactor.registerUrl(url);
        this.kind = kind;
        this.properties = properties;
    }

    public static Database open(String url) {
        return open(url, null);
    }

    /** Opens the database migrated up to {@code targetVersion} only (null: the latest); tests of migrations use it. */
    static Database open(String url, String targetVersion) {
        Kind kind = kindOf(url);
        Properties props = new Properties();
        if (kind == Kind.SQLITE) {
            createParent(url);
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(30_000);
            config.enforceForeignKeys(true);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            props = config.toProperties();
        }
        Database db = new Database(url, kind, props);
        db.migrate(targetVersion);
        return db;
    }

    public static Kind kindOf(String url) {
        if (url != null && url.startsWith("jdbc:sqlite:")) return Kind.SQLITE;
        if (url != null && url.startsWith("jdbc:postgresql:")) return Kind.POSTGRESQL;
        throw new IllegalArgumentException("failure database URL must start with jdbc:sqlite: or jdbc:postgresql:, not '"
                + dev.warden.log.Redactor.redact(url) + "'");
    }

    public String url() {
        return url;
    }

    /** The URL with its password and secret parameters masked: for logs and error messages. */
    public String shownUrl() {
        return shownUrl;
    }

    public Kind kind() {
        return kind;
    }

    private void migrate(String targetVersion) {
        var config = Flyway.configure()
                .dataSource(new DatabaseDataSource(this))
                .locations("classpath:db/failures/" + kind.name().toLowerCase(java.util.Locale.ROOT))
                .table("failures_schema_history")
                .loggers("slf4j");
        String schema = currentSchema(url);
        if (schema != null) config.schemas(schema);
        if (targetVersion != null) config.target(targetVersion);
        try {
            config.load().migrate();
        } catch (RuntimeException e) {
            throw new FailureStoreException("cannot migrate failure database " + shownUrl + ": " + dev.warden.log.Redactor.redact(e.getMessage()), e);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. Connections
     * are reused (a few kept idle): opening one costs a PostgreSQL backend process. One that failed is closed.
     */
    public <T> T transaction(Work<T> work) {
        Connection c = idle.poll();
        boolean healthy = false;
        try {
            if (c == null) c = connect();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                healthy = true;
                return result;
            } catch (RuntimeException e) {
                c.rollback();
                healthy = true;
                throw e;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new FailureStoreException("failure database " + shownUrl + ": " + dev.warden.log.Redactor.redact(e.getMessage()), e);
        } finally {
            if (c != null && !(healthy && park(c))) closeQuietly(c);
        }
    }

    /** Back to autocommit before idling: SQLite's driver would otherwise hold a new (write-locking) transaction open. */
    private boolean park(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            return false;
        }
        return idle.offer(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken; nothing more to release
        }
    }

    private static String currentSchema(String url) {
        int q = url.indexOf('?');
        if (q < 0) return null;
        for (String part : url.substring(q + 1).split("&")) {
            if (part.startsWith("currentSchema=")) return part.substring("currentSchema=".length());
        }
        return null;
    }

    private static void createParent(String url) {
        String path = url.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file:")) return;
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new FailureStoreException("cannot create folder " + parent + " for the failure database: " + e.getMessage(), e);
        }
    }
}
