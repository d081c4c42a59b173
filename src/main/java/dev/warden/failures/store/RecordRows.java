package dev.warden.failures.store;

import dev.warden.failures.AffectedModel;
import dev.warden.failures.FailureClass;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.Provenance;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Severity;
import dev.warden.failures.Status;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Maps failure records to rows of the {@code failures} table and back; lists and nested parts are JSON text. */
final class RecordRows {
    static final String COLUMNS = "id, uuid, title, description, model_name, model_versions, model_sha256, task, modality, "
            + "failure_class, atlas, avid, severity, status, evidence, mitigation, refs, reporter, origin, origin_id, "
            + "created_at, updated_at";
    static final String INSERT = "INSERT INTO failures (" + COLUMNS + ", size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private RecordRows() {
    }

    /** Binds {@link #INSERT}'s parameters; {@code sizeBytes} as {@link #sizeBytes} counts it. */
    static void bind(PreparedStatement s, FailureRecord r, long sizeBytes) throws SQLException {
        int i = 0;
        s.setString(++i, r.id());
        s.setString(++i, r.uuid());
        s.setString(++i, r.title());
        s.setString(++i, r.description());
        s.setString(++i, r.model().name());
        s.setString(++i, r.model().versions());
        s.setString(++i, r.model().sha256());
        s.setString(++i, r.task());
        s.setString(++i, r.modality());
        s.setString(++i, r.failureClass().wire());
        s.setString(++i, RecordJson.toText(RecordJson.strings(r.atlas())));
        s.setString(++i, RecordJson.toText(RecordJson.avid(r.avid())));
        s.setString(++i, r.severity().wire());
        s.setString(++i, r.status().wire());
        s.setString(++i, RecordJson.toText(RecordJson.evidence(r.evidence())));
        s.setString(++i, r.mitigation());
        s.setString(++i, RecordJson.toText(RecordJson.references(r.references())));
        s.setString(++i, r.reporter());
        s.setString(++i, r.provenance() == null ? null : r.provenance().origin());
        s.setString(++i, r.provenance() == null ? null : r.provenance().originId());
        s.setLong(++i, r.created().toEpochMilli());
        s.setLong(++i, r.updated().toEpochMilli());
        s.setLong(++i, sizeBytes);
    }

    /** What a record takes: its evidence JSON (UTF-8) plus the bytes of each distinct blob its evidence uses. */
    static long sizeBytes(FailureRecord r, java.util.Map<String, byte[]> blobs) {
        long size = RecordJson.toText(RecordJson.evidence(r.evidence())).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (var in : r.evidence().inputs()) {
            byte[] b = blobs.get(in.sha256());
            if (b != null && seen.add(in.sha256())) size += b.length;
        }
        return size;
    }

    static FailureRecord read(ResultSet rs, List<String> aliases) throws SQLException {
        String origin = rs.getString("origin");
        return new FailureRecord(rs.getString("id"), rs.getString("uuid"), rs.getString("title"), rs.getString("description"),
                new AffectedModel(rs.getString("model_name"), rs.getString("model_versions"), rs.getString("model_sha256")),
                rs.getString("task"), rs.getString("modality"), FailureClass.parse(rs.getString("failure_class")),
                RecordJson.stringList(RecordJson.parse(rs.getString("atlas"))),
                RecordJson.readAvid(RecordJson.parse(rs.getString("avid"))),
                Severity.parse(rs.getString("severity")), Status.parse(rs.getString("status")),
                RecordJson.readEvidence(RecordJson.parse(rs.getString("evidence"))), rs.getString("mitigation"),
                RecordJson.readReferences(RecordJson.parse(rs.getString("refs"))), rs.getString("reporter"),
                origin == null ? null : new Provenance(origin, rs.getString("origin_id")), aliases,
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
