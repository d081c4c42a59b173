package dev.warden.failures.store;

import dev.warden.failures.FailureId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Per-year id sequences, advanced inside the caller's transaction (the row lock serialises writers on
 * PostgreSQL; SQLite's write lock does the same). Ids taken by imports or aliases are skipped, never reused.
 */
final class IdSequence {
    private IdSequence() {
    }

    static String allocate(Connection c, Instant now) throws SQLException {
        int year = now.atZone(ZoneOffset.UTC).getYear();
        JdbcFailureStore.update(c, "INSERT INTO id_sequence (year, next_value) VALUES (?, 0) ON CONFLICT (year) DO NOTHING", year);
        while (true) {
            JdbcFailureStore.update(c, "UPDATE id_sequence SET next_value = next_value + 1 WHERE year = ?", year);
            String id = FailureId.of(year, Long.parseLong(JdbcFailureStore.single(c, "SELECT next_value FROM id_sequence WHERE year = ?", year)));
            if (!JdbcFailureStore.idTaken(c, id)) return id;
        }
    }

    static void advancePast(Connection c, String id) throws SQLException {
        int year = FailureId.year(id);
        long seq = FailureId.sequence(id);
        JdbcFailureStore.update(c, "INSERT INTO id_sequence (year, next_value) VALUES (?, 0) ON CONFLICT (year) DO NOTHING", year);
        JdbcFailureStore.update(c, "UPDATE id_sequence SET next_value = CASE WHEN next_value < ? THEN ? ELSE next_value END WHERE year = ?", seq, seq, year);
    }
}
