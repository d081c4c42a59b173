package dev.warden.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warden.failures.FailureDatabase;
import dev.warden.failures.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Update records in the policy's PostgreSQL failure database (table {@code warden_update_records}, one row per
 * deployment scope and model; the scope is the policy's state key prefix, as in Redis), so that replicas sharing
 * that database follow the same stage.
 */
final class JdbcUpdateStore implements UpdateStore {
    private final Database db;
    private final String scope;

    JdbcUpdateStore(String failuresUrl, String scope) {
        this.db = FailureDatabase.at(failuresUrl).store().database();
        this.scope = scope;
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS warden_update_records (scope VARCHAR(200) NOT NULL, model VARCHAR(64) NOT NULL,"
                        + " sequence BIGINT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (scope, model))");
            }
            return null;
        });
    }

    @Override
    public Optional<UpdateRecord> load(String model) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT record FROM warden_update_records WHERE scope = ? AND model = ?")) {
                s.setString(1, scope);
                s.setString(2, model);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.<UpdateRecord>empty();
                }
            }
        });
    }

    @Override
    public List<UpdateRecord> all() {
        return db.transaction(c -> {
            List<UpdateRecord> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT record FROM warden_update_records WHERE scope = ? ORDER BY model")) {
                s.setString(1, scope);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) out.add(parse(rs.getString(1)));
                }
            }
            return out;
        });
    }

    @Override
    public void save(UpdateRecord record) {
        String json;
        try {
            json = FileUpdateStore.JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO warden_update_records (scope, model, sequence, record) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (scope, model) DO UPDATE SET sequence = EXCLUDED.sequence, record = EXCLUDED.record")) {
                s.setString(1, scope);
                s.setString(2, record.model());
                s.setLong(3, record.sequence());
                s.setString(4, json);
                s.executeUpdate();
            }
            return null;
        });
    }

    private static UpdateRecord parse(String json) {
        try {
            return FileUpdateStore.JSON.readValue(json, UpdateRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an update record in the database is malformed: " + e.getOriginalMessage());
        }
    }

    @Override
    public String describe() {
        return "postgresql, table warden_update_records (scope " + scope + ")";
    }
}
