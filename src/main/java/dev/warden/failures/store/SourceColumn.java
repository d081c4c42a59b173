package dev.warden.failures.store;

import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code source} column (migration V4): an imported record's source document as JSON text, null for records made here. */
final class SourceColumn {
    private SourceColumn() {
    }

    /** Stores the record's source document on its (just inserted) row. */
    static void write(Connection c, FailureRecord r) throws SQLException {
        if (r.source() == null) return;
        JdbcFailureStore.update(c, "UPDATE failures SET source = ? WHERE id = ?", RecordJson.toText(RecordJson.source(r.source())), r.id());
    }

    /** The record read from the current row, with the row's source document. */
    static FailureRecord attach(FailureRecord r, ResultSet rs) throws SQLException {
        String text = rs.getString("source");
        return text == null ? r : r.withSource(RecordJson.readSource(RecordJson.parse(text)));
    }
}
