package dev.warden.failures.store;

import dev.warden.failures.CaptureBounds;
import dev.warden.failures.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps unreviewed captured candidates within their bounds, inside the caller's transaction: measures what
 * they take, picks the oldest ones that must go for one more of {@code size} bytes to fit, and deletes records
 * with their idempotency keys and the blobs nothing else uses. Candidates another id is an alias of stay (a
 * merge made them the kept record of a triage decision), as in {@code failures prune}.
 */
final class CandidatePruning {
    private static final String CANDIDATES = " FROM failures WHERE status = ? AND reporter LIKE ?";
    private static final int FETCH = 256;

    private CandidatePruning() {
    }

    /** The ids to delete, oldest first, for a candidate of {@code size} bytes to fit; null when it cannot fit. */
    static List<String> victims(Connection c, CaptureBounds bounds, long size) throws SQLException {
        long count;
        long bytes;
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0)" + CANDIDATES)) {
            bind(s, bounds);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
                bytes = rs.getLong(2);
            }
        }
        long recordsOver = count + 1 - bounds.maxRecords();
        long bytesOver = bytes + size - bounds.maxBytes();
        List<String> victims = new ArrayList<>();
        if (recordsOver <= 0 && bytesOver <= 0) return victims;
        try (PreparedStatement s = c.prepareStatement("SELECT id, size_bytes" + CANDIDATES
                + " AND id NOT IN (SELECT target FROM aliases) ORDER BY created_at, id")) {
            s.setFetchSize(FETCH);
            bind(s, bounds);
            try (ResultSet rs = s.executeQuery()) {
                while ((recordsOver > 0 || bytesOver > 0) && rs.next()) {
                    victims.add(rs.getString(1));
                    recordsOver--;
                    bytesOver -= rs.getLong(2);
                }
            }
        }
        return recordsOver > 0 || bytesOver > 0 ? null : victims;
    }

    /** Deletes {@code ids} with their evidence links, idempotency keys and the blobs no other evidence uses. */
    static void delete(Connection c, List<String> ids) throws SQLException {
        for (String id : ids) {
            List<String> shas = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT sha256 FROM evidence_blobs WHERE failure_id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) shas.add(rs.getString(1));
                }
            }
            JdbcFailureStore.update(c, "DELETE FROM evidence_blobs WHERE failure_id = ?", id);
            JdbcFailureStore.update(c, "DELETE FROM idempotency_keys WHERE failure_id = ?", id);
            JdbcFailureStore.update(c, "DELETE FROM failures WHERE id = ?", id);
            for (String sha : shas) {
                JdbcFailureStore.update(c, "DELETE FROM blobs WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM evidence_blobs WHERE sha256 = ?)", sha, sha);
            }
        }
    }

    private static void bind(PreparedStatement s, CaptureBounds bounds) throws SQLException {
        s.setString(1, Status.NEW.wire());
        s.setString(2, bounds.reporterPrefix() + "%");
    }
}
