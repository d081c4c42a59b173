package dev.warden.failures.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.failures.CandidateRecorder.Captured;
import dev.warden.failures.CaptureBounds;
import dev.warden.failures.FailureCase;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.SampleFailures;
import dev.warden.failures.Status;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The overall bound on captured candidates, on every failure database; one subclass per database. */
abstract class CaptureBoundsContract {
    static final String PREFIX = "capture:";
    protected String url;
    protected JdbcFailureStore store;

    protected abstract String newDatabaseUrl();

    protected void dropDatabase(String url) {
    }

    @BeforeEach
    void open() {
        url = newDatabaseUrl();
        store = JdbcFailureStore.open(url);
    }

    @AfterEach
    void drop() {
        dropDatabase(url);
    }

    static CaptureBounds records(int max) {
        return new CaptureBounds(PREFIX, max, Long.MAX_VALUE);
    }

    long sizeBytes(String id) throws Exception {
        try (Connection c = store.database().connect(); PreparedStatement s = c.prepareStatement("SELECT size_bytes FROM failures WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void theOldestUnreviewedCapturedCandidatesGoFirstAndNothingElseDoes() {
        FailureRecord byHand = store.add(SampleFailures.sample(24));               // status new, reporter tester-0
        FailureRecord reviewed = store.add(SampleFailures.captured(21, "a"));
        store.setStatus(reviewed.id(), Status.REJECTED);
        FailureRecord mergedInto = store.add(SampleFailures.captured(22, "a"));
        store.merge(store.add(SampleFailures.captured(23, "a")).id(), mergedInto.id());
        Captured first = store.recordCandidate(SampleFailures.captured(30, "b"), records(3));
        Captured second = store.recordCandidate(SampleFailures.captured(31, "c"), records(3));
        assertThat(first.pruned() + second.pruned()).as("two unreviewed captured, one merged into: within 3").isZero();
        String oldBlob = store.get(first.id()).orElseThrow().evidence().inputs().get(0).sha256();
        long blocking = store.blockingRevision();

        Captured third = store.recordCandidate(SampleFailures.captured(32, "d"), records(3));
        assertThat(third.isStored()).isTrue();
        assertThat(third.pruned()).isEqualTo(1);
        assertThat(store.get(first.id())).as("the oldest prunable").isEmpty();
        assertThat(store.blob(oldBlob)).as("its blob, used by nothing else").isEmpty();
        assertThat(store.get(second.id())).isPresent();
        assertThat(store.get(third.id())).isPresent();
        assertThat(store.get(byHand.id())).as("hand-recorded").isPresent();
        assertThat(store.get(reviewed.id())).as("reviewed").isPresent();
        assertThat(store.get(mergedInto.id())).as("an alias points at it").isPresent();
        assertThat(store.blockingRevision()).isEqualTo(blocking);
    }

    @Test
    void theByteBoundCountsEvidenceJsonAndBlobs() throws Exception {
        FailureCase one = SampleFailures.captured(40, "a");
        Captured a = store.recordCandidate(one, records(100));
        FailureRecord stored = store.get(a.id()).orElseThrow();
        long expected = RecordJson.toText(RecordJson.evidence(stored.evidence())).getBytes(StandardCharsets.UTF_8).length
                + one.blobs().values().stream().mapToLong(b -> b.length).sum();
        assertThat(sizeBytes(a.id())).isEqualTo(expected);

        CaptureBounds twoAndAHalf = new CaptureBounds(PREFIX, 100, expected * 5 / 2);
        List<String> ids = new ArrayList<>(List.of(a.id()));
        int pruned = 0;
        for (int i = 41; i < 45; i++) {
            Captured c = store.recordCandidate(SampleFailures.captured(i, "a"), twoAndAHalf);
            ids.add(c.id());
            pruned += c.pruned();
        }
        assertThat(pruned).isEqualTo(3);
        assertThat(store.count()).isEqualTo(2);
        assertThat(store.get(ids.get(3))).isPresent();
        assertThat(store.get(ids.get(4))).isPresent();
    }

    @Test
    void aMergeRecountsTheKeptRecordsBytes() throws Exception {
        FailureCase keptCase = SampleFailures.captured(60, "a");
        FailureCase dupCase = SampleFailures.captured(61, "a");
        FailureRecord kept = store.add(keptCase);
        FailureRecord merged = store.merge(store.add(dupCase).id(), kept.id());
        long expected = RecordJson.toText(RecordJson.evidence(merged.evidence())).getBytes(StandardCharsets.UTF_8).length
                + keptCase.blobs().values().stream().mapToLong(b -> b.length).sum()
                + dupCase.blobs().values().stream().mapToLong(b -> b.length).sum();
        assertThat(merged.evidence().inputs()).hasSize(2);
        assertThat(sizeBytes(kept.id())).isEqualTo(expected);
    }

    @Test
    void migrationV3CountsTheBytesOfRecordsStoredBefore() throws Exception {
        dropDatabase(url);
        url = newDatabaseUrl();
        Database.open(url, "2");
        FailureCase before = SampleFailures.captured(70, "a");
        FailureRecord r = before.record().withIdentity("WFD-2025-00001", "u-70", java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        String evidence = RecordJson.toText(RecordJson.evidence(r.evidence()));
        String sha = r.evidence().inputs().get(0).sha256();
        try (Connection c = java.sql.DriverManager.getConnection(url)) {
            JdbcFailureStore.update(c, "INSERT INTO failures (id, uuid, title, description, model_name, model_versions, failure_class, atlas,"
                    + " avid, severity, status, evidence, refs, reporter, created_at, updated_at) VALUES (?, ?, ?, '', 'm', '*', 'other', '[]',"
                    + " '{}', 'unknown', 'new', ?, '[]', 'capture:a', 0, 0)", r.id(), r.uuid(), r.title(), evidence);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO blobs (sha256, data) VALUES (?, ?)")) {
                s.setString(1, sha);
                s.setBytes(2, before.blobs().get(sha));
                s.executeUpdate();
            }
            JdbcFailureStore.update(c, "INSERT INTO evidence_blobs (failure_id, sha256) VALUES (?, ?)", r.id(), sha);
        }
        store = JdbcFailureStore.open(url);
        assertThat(sizeBytes(r.id())).isEqualTo(evidence.getBytes(StandardCharsets.UTF_8).length + before.blobs().get(sha).length);
    }

    @Test
    void aCandidateThatCannotFitIsRefusedAndNothingIsDeleted() {
        Captured big = store.recordCandidate(SampleFailures.captured(50, "a"), new CaptureBounds(PREFIX, 10, 1_000));
        assertThat(big.isStored()).isFalse();
        assertThat(big.refusal()).contains("larger than the bound");
        FailureRecord kept = store.add(SampleFailures.captured(51, "a"));
        store.merge(store.add(SampleFailures.captured(52, "a")).id(), kept.id());
        Captured noRoom = store.recordCandidate(SampleFailures.captured(53, "a"), records(1));
        assertThat(noRoom.isStored()).as("the only candidate is merged into").isFalse();
        assertThat(store.get(kept.id())).isPresent();
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void replicasCapturingAtOnceIntoOneDatabaseKeepTheBoundTogether() throws Exception {
        int max = 10;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> replicas = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int replica = r;
                JdbcFailureStore own = JdbcFailureStore.open(url);
                replicas.add(pool.submit(() -> {
                    int stored = 0;
                    for (int i = 0; i < 15; i++) {
                        if (own.recordCandidate(SampleFailures.captured(1000L * replica + i, "r" + replica), records(max)).isStored()) stored++;
                    }
                    return stored;
                }));
            }
            int stored = 0;
            for (Future<Integer> f : replicas) stored += f.get();
            assertThat(stored).isEqualTo(45);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.count()).isEqualTo(max);
    }
}
