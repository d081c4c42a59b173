package dev.warden.failures.store;

import dev.warden.failures.CandidateRecorder;
import dev.warden.failures.CaptureBounds;
import dev.warden.failures.Evidence;
import dev.warden.failures.EvidenceInput;
import dev.warden.failures.FailureCase;
import dev.warden.failures.FailureId;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.FailureRecorder;
import dev.warden.failures.Provenance;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The failure database over JDBC (SQLite or PostgreSQL, the same SQL on both). Every write is one
 * transaction that also bumps the revision counter, and a write that touches a blocking record (confirmed or
 * mitigated, before or after) the blocking revision as well, so the known-failure defense can tell with one
 * read whether what it blocks changed, however many candidates are captured meanwhile. Ids come from a per-year sequence in the same transaction
 * as the insert and are never reused; a merged duplicate's id lives on as an alias of the kept record.
 */
public final class JdbcFailureStore implements FailureRecorder, CandidateRecorder {
    private final Database db;
    private final Clock clock;
    private final AtlasCatalog atlas;

    public JdbcFailureStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.atlas = new AtlasCatalog(db);
    }

    public static JdbcFailureStore open(String url) {
        return new JdbcFailureStore(Database.open(url), Clock.systemUTC());
    }

    public Database database() {
        return db;
    }

    public AtlasCatalog atlas() {
        return atlas;
    }

    @Override
    public String record(FailureCase failure) {
        return add(failure).id();
    }

    /** Stores a new local record under a freshly allocated id (any id or UUID it carries is replaced). */
    public FailureRecord add(FailureCase failure) {
        return db.transaction(c -> addIn(c, failure));
    }

    private FailureRecord addIn(Connection c, FailureCase failure) throws SQLException {
        Instant now = now();
        FailureRecord r = failure.record().withIdentity(IdSequence.allocate(c, now), UUID.randomUUID().toString(), now, now);
        insert(c, r, failure.blobs());
        return r;
    }

    /**
     * {@link #add(FailureCase)} under an idempotency key (null: none): the first add with a key stores the record;
     * a later one with the same record gets that record back (through aliases if it was merged since) and stores
     * nothing; one with a different record is refused with {@link IdempotencyConflictException}.
     */
    public AddResult add(FailureCase failure, String idempotencyKey) {
        if (idempotencyKey == null) return new AddResult(add(failure), true);
        String key = IdempotencyKeys.require(idempotencyKey);
        String request = IdempotencyKeys.requestSha256(failure);
        try {
            return addOnce(failure, key, request);
        } catch (FailureStoreException e) {
            // PostgreSQL: a concurrent add with the same key committed first; this one now finds its record.
            if (IdempotencyKeys.isDuplicateKey(e)) return addOnce(failure, key, request);
            throw e;
        }
    }

    private AddResult addOnce(FailureCase failure, String key, String request) {
        return db.transaction(c -> {
            IdempotencyKeys.Entry first = IdempotencyKeys.find(c, key);
            if (first == null) {
                FailureRecord r = addIn(c, failure);
                IdempotencyKeys.put(c, key, r.id(), request, r.created());
                return new AddResult(r, true);
            }
            if (!first.requestSha256().equals(request)) {
                throw new IdempotencyConflictException("idempotency key '" + key + "' was used for a different record ("
                        + first.failureId() + "); use a new key for a new record");
            }
            FailureRecord r = load(c, resolve(c, first.failureId()));
            if (r == null) throw new IllegalStateException("idempotency key '" + key + "' names " + first.failureId() + ", which is gone");
            return new AddResult(r, false);
        });
    }

    /**
     * Stores a captured candidate (status new, reporter starting with the bounds' prefix) so that the unreviewed
     * captured candidates stay within {@code bounds}: the oldest go first. The id is allocated before anything is
     * counted: its sequence row's lock makes replicas capturing into one PostgreSQL database take turns, so the
     * bound holds for all of them together.
     */
    @Override
    public Captured recordCandidate(FailureCase candidate, CaptureBounds bounds) {
        FailureRecord in = candidate.record();
        if (in.status() != Status.NEW || in.reporter() == null || !in.reporter().startsWith(bounds.reporterPrefix())) {
            throw new IllegalArgumentException("a captured candidate has status new and a reporter starting with " + bounds.reporterPrefix());
        }
        long size = RecordRows.sizeBytes(in, candidate.blobs());
        if (size > bounds.maxBytes()) return Captured.refused("larger than the bound itself (" + size + " > " + bounds.maxBytes() + " bytes)");
        return db.transaction(c -> {
            Instant now = now();
            String id = IdSequence.allocate(c, now);
            List<String> victims = CandidatePruning.victims(c, bounds, size);
            if (victims == null) return Captured.refused("the captured candidates left cannot be pruned (merged into)");
            CandidatePruning.delete(c, victims);
            insert(c, in.withIdentity(id, UUID.randomUUID().toString(), now, now), candidate.blobs());
            return Captured.stored(id, victims.size());
        });
    }

    /**
     * Stores a record from elsewhere, keeping its id, UUID and timestamps where it can: skipped when its
     * UUID is known here, renumbered when its id is taken. {@code provenance} is set if the record has none.
     */
    public ImportResult importCase(FailureCase failure, Provenance provenance) {
        FailureRecord in = failure.record();
        return db.transaction(c -> {
            String uuid = in.uuid() != null ? in.uuid() : UUID.randomUUID().toString();
            String existing = idForUuid(c, uuid);
            if (existing != null) return new ImportResult(ImportResult.Outcome.SKIPPED, existing, "already here as " + existing);
            Instant now = now();
            FailureRecord r = in.provenance() == null && provenance != null ? in.withProvenance(provenance) : in;
            boolean keep = in.id() != null && !idTaken(c, in.id());
            String id = keep ? in.id() : IdSequence.allocate(c, now);
            if (keep) IdSequence.advancePast(c, in.id());
            if (!keep && in.id() != null && r.provenance() == null) r = r.withProvenance(new Provenance("import", in.id()));
            r = r.withIdentity(id, uuid, in.created() != null ? in.created() : now, in.updated() != null ? in.updated() : now);
            insert(c, r, failure.blobs());
            for (String alias : in.aliases()) {
                if (!idTaken(c, alias)) aliasTo(c, alias, id, null);
            }
            return keep || in.id() == null ? new ImportResult(ImportResult.Outcome.IMPORTED, id, "imported")
                    : new ImportResult(ImportResult.Outcome.RENUMBERED, id, in.id() + " is taken here");
        });
    }

    private void insert(Connection c, FailureRecord r, Map<String, byte[]> blobs) throws SQLException {
        atlas.check(c, r.atlas());
        try (PreparedStatement s = c.prepareStatement(RecordRows.INSERT)) {
            RecordRows.bind(s, r.withAliases(List.of()), RecordRows.sizeBytes(r, blobs));
            s.executeUpdate();
        }
        SourceColumn.write(c, r);
        for (EvidenceInput in : r.evidence().inputs()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO blobs (sha256, data) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING")) {
                s.setString(1, in.sha256());
                s.setBytes(2, blobs.get(in.sha256()));
                s.executeUpdate();
            }
            update(c, "INSERT INTO evidence_blobs (failure_id, sha256) VALUES (?, ?) ON CONFLICT (failure_id, sha256) DO NOTHING", r.id(), in.sha256());
        }
        bumpRevision(c, r.status() != null && r.status().blocks());
    }

    public Optional<FailureRecord> get(String idOrAlias) {
        return db.transaction(c -> Optional.ofNullable(load(c, resolve(c, idOrAlias))));
    }

    public List<FailureRecord> list(RecordFilter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM failures WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (f.status() != null) { sql.append(" AND status = ?"); args.add(f.status().wire()); }
        if (f.failureClass() != null) { sql.append(" AND failure_class = ?"); args.add(f.failureClass().wire()); }
        if (f.model() != null) { sql.append(" AND model_name = ?"); args.add(f.model()); }
        if (f.afterId() != null) { sql.append(" AND id > ?"); args.add(f.afterId()); }
        sql.append(" ORDER BY id LIMIT ").append(f.limit());
        return db.transaction(c -> query(c, sql.toString(), args));
    }

    /** Records whose title or description contains every word of {@code text}, case-insensitively. */
    public List<FailureRecord> search(String text, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM failures WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (word.isEmpty()) continue;
            String like = "%" + word.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            sql.append(" AND (LOWER(title) LIKE ? ESCAPE '!' OR LOWER(description) LIKE ? ESCAPE '!')");
            args.add(like);
            args.add(like);
        }
        sql.append(" ORDER BY id LIMIT ").append(Math.max(1, Math.min(limit, RecordFilter.MAX_LIMIT)));
        return db.transaction(c -> query(c, sql.toString(), args));
    }

    /** The id of the record that has this UUID (itself, or through an alias left by a merge). */
    public Optional<String> idForUuid(String uuid) {
        return uuid == null ? Optional.empty() : db.transaction(c -> Optional.ofNullable(idForUuid(c, uuid)));
    }

    public long count() {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM failures"); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public FailureRecord setStatus(String idOrAlias, Status status) {
        return db.transaction(c -> {
            String id = resolve(c, idOrAlias);
            FailureRecord r = load(c, id);
            if (r == null) throw new NotFoundException("no failure record " + idOrAlias);
            Instant now = now();
            update(c, "UPDATE failures SET status = ?, updated_at = ? WHERE id = ?", status.wire(), now.toEpochMilli(), id);
            bumpRevision(c, r.status().blocks() || status.blocks());
            return r.withStatus(status, now);
        });
    }

    /**
     * Makes {@code duplicate} an alias of {@code kept}: its evidence joins the kept record's, its row goes,
     * and its id (and the aliases that pointed at it) resolve to {@code kept} from now on.
     */
    public FailureRecord merge(String duplicate, String kept) {
        return db.transaction(c -> {
            String dup = resolve(c, duplicate);
            String keep = resolve(c, kept);
            FailureRecord d = load(c, dup);
            FailureRecord k = load(c, keep);
            if (d == null) throw new NotFoundException("no failure record " + duplicate);
            if (k == null) throw new NotFoundException("no failure record " + kept);
            if (dup.equals(keep)) throw new IllegalArgumentException(duplicate + " and " + kept + " are the same record");
            List<EvidenceInput> inputs = new ArrayList<>(k.evidence().inputs());
            for (EvidenceInput in : d.evidence().inputs()) {
                if (inputs.stream().noneMatch(e -> e.sha256().equals(in.sha256()))) inputs.add(in);
                update(c, "INSERT INTO evidence_blobs (failure_id, sha256) VALUES (?, ?) ON CONFLICT (failure_id, sha256) DO NOTHING", keep, in.sha256());
            }
            var ev = k.evidence();
            FailureRecord merged = k.withEvidence(new Evidence(inputs, ev.expected(), ev.observed(), ev.threatModel(), ev.attack()));
            String evidence = RecordJson.toText(RecordJson.evidence(merged.evidence()));
            update(c, "UPDATE failures SET evidence = ?, updated_at = ? WHERE id = ?", evidence, now().toEpochMilli(), keep);
            update(c, "UPDATE aliases SET target = ? WHERE target = ?", keep, dup);
            update(c, "DELETE FROM evidence_blobs WHERE failure_id = ?", dup);
            update(c, "DELETE FROM failures WHERE id = ?", dup);
            update(c, "UPDATE failures SET size_bytes = ? + (SELECT COALESCE(SUM(LENGTH(b.data)), 0) FROM evidence_blobs e"
                    + " JOIN blobs b ON b.sha256 = e.sha256 WHERE e.failure_id = ?) WHERE id = ?",
                    (long) evidence.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, keep, keep);
            aliasTo(c, dup, keep, d.uuid());
            bumpRevision(c, d.status().blocks() || k.status().blocks());
            return load(c, keep);
        });
    }

    /**
     * Deletes the records nobody reviewed (status new) whose reporter starts with {@code reporterPrefix}, recorded
     * before {@code before}, except those another id is an alias of, and the blobs no evidence uses any more.
     * Returns how many records went. Their ids are not reused.
     */
    public int pruneUnreviewed(String reporterPrefix, Instant before) {
        if (reporterPrefix == null || reporterPrefix.isEmpty() || reporterPrefix.contains("%") || reporterPrefix.contains("_")) {
            throw new IllegalArgumentException("reporterPrefix must be a plain, non-empty prefix");
        }
        return db.transaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM failures WHERE status = ? AND reporter LIKE ? AND created_at < ?"
                    + " AND id NOT IN (SELECT target FROM aliases)")) {
                s.setString(1, Status.NEW.wire());
                s.setString(2, reporterPrefix + "%");
                s.setLong(3, before.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
            }
            for (String id : ids) {
                update(c, "DELETE FROM evidence_blobs WHERE failure_id = ?", id);
                update(c, "DELETE FROM idempotency_keys WHERE failure_id = ?", id);
                update(c, "DELETE FROM failures WHERE id = ?", id);
            }
            if (!ids.isEmpty()) {
                update(c, "DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM evidence_blobs)");
                bumpRevision(c, false);
            }
            return ids.size();
        });
    }

    public Optional<byte[]> blob(String sha256) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT data FROM blobs WHERE sha256 = ?")) {
                s.setString(1, sha256);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    /** The evidence tensors of every record whose status blocks (confirmed, mitigated), with their bytes. */
    public List<KnownInput> blockingInputs() {
        return db.transaction(c -> {
            List<KnownInput> out = new ArrayList<>();
            for (FailureRecord r : query(c, "SELECT * FROM failures WHERE status IN (?, ?) ORDER BY id",
                    List.of(Status.CONFIRMED.wire(), Status.MITIGATED.wire()))) {
                for (EvidenceInput in : r.evidence().inputs()) {
                    try (PreparedStatement s = c.prepareStatement("SELECT data FROM blobs WHERE sha256 = ?")) {
                        s.setString(1, in.sha256());
                        try (ResultSet rs = s.executeQuery()) {
                            if (rs.next()) out.add(new KnownInput(r.id(), in, rs.getBytes(1)));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** A number that changes whenever anything in the database does. */
    public long revision() {
        return counter(1);
    }

    /** A number that changes whenever {@link #blockingInputs()} may have. */
    public long blockingRevision() {
        return counter(2);
    }

    private long counter(int id) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT value FROM revision WHERE id = ?")) {
                s.setInt(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    private List<FailureRecord> query(Connection c, String sql, List<String> args) throws SQLException {
        List<FailureRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) s.setString(i + 1, args.get(i));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(SourceColumn.attach(RecordRows.read(rs, List.of()), rs));
            }
        }
        List<FailureRecord> withAliases = new ArrayList<>(out.size());
        for (FailureRecord r : out) withAliases.add(r.withAliases(aliasesOf(c, r.id())));
        return withAliases;
    }

    private FailureRecord load(Connection c, String id) throws SQLException {
        if (id == null) return null;
        List<FailureRecord> found = query(c, "SELECT * FROM failures WHERE id = ?", List.of(id));
        return found.isEmpty() ? null : found.get(0);
    }

    private String resolve(Connection c, String idOrAlias) throws SQLException {
        FailureId.require(idOrAlias);
        String target = single(c, "SELECT target FROM aliases WHERE alias = ?", idOrAlias);
        return target != null ? target : idOrAlias;
    }

    private List<String> aliasesOf(Connection c, String id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT alias FROM aliases WHERE target = ? ORDER BY alias")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void aliasTo(Connection c, String alias, String target, String uuid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO aliases (alias, target, uuid) VALUES (?, ?, ?)")) {
            s.setString(1, alias);
            s.setString(2, target);
            s.setString(3, uuid);
            s.executeUpdate();
        }
    }

    private String idForUuid(Connection c, String uuid) throws SQLException {
        String id = single(c, "SELECT id FROM failures WHERE uuid = ?", uuid);
        return id != null ? id : single(c, "SELECT target FROM aliases WHERE uuid = ?", uuid);
    }

    static boolean idTaken(Connection c, String id) throws SQLException {
        return single(c, "SELECT id FROM failures WHERE id = ?", id) != null
                || single(c, "SELECT alias FROM aliases WHERE alias = ?", id) != null;
    }

    private static void bumpRevision(Connection c, boolean blocking) throws SQLException {
        update(c, "UPDATE revision SET value = value + 1 WHERE id <= ?", blocking ? 2 : 1);
    }

    static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            s.executeUpdate();
        }
    }

    static String single(Connection c, String sql, Object arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
