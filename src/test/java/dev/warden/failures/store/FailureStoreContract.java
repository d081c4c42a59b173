package dev.warden.failures.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.failures.FailureCase;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.FailureClass;
import dev.warden.failures.Provenance;
import dev.warden.failures.SampleFailures;
import dev.warden.failures.Status;
import dev.warden.failures.TestDatabases;
import dev.warden.failures.exchange.FailureExchange;
import dev.warden.failures.exchange.ImportReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every failure database must have; one subclass per database (SQLite, PostgreSQL). */
abstract class FailureStoreContract {
    protected String url;
    protected JdbcFailureStore store;

    protected abstract String newDatabaseUrl();

    protected void dropDatabase(String url) {
    }

    /** What the database says of its own consistency after a crash; empty when it is sound. */
    protected abstract List<String> integrityProblems(Connection c) throws Exception;

    @BeforeEach
    void open() {
        url = newDatabaseUrl();
        store = JdbcFailureStore.open(url);
    }

    @AfterEach
    void drop() {
        dropDatabase(url);
    }

    @Test
    void addAllocatesSequentialIdsOfTheCurrentYearAndReadsBackEveryField() {
        FailureCase sample = SampleFailures.sample(7);
        FailureRecord a = store.add(sample);
        FailureRecord b = store.add(SampleFailures.sample(8));
        int year = Year.now(ZoneOffset.UTC).getValue();
        assertThat(a.id()).isEqualTo("WFD-" + year + "-00001");
        assertThat(b.id()).isEqualTo("WFD-" + year + "-00002");
        assertThat(a.uuid()).isNotBlank();
        FailureRecord read = store.get(a.id()).orElseThrow();
        assertThat(read).isEqualTo(a);
        assertThat(read.withIdentity(null, null, null, null)).isEqualTo(sample.record());
        String sha = read.evidence().inputs().get(0).sha256();
        assertThat(store.blob(sha)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(sample.blobs().get(sha)));
    }

    @Test
    void identicalEvidenceIsStoredOnce() throws Exception {
        store.add(SampleFailures.sample(1));
        store.add(SampleFailures.sample(1));
        try (Connection c = store.database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM blobs")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void listFiltersAndPagesInIdOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) ids.add(store.add(SampleFailures.sample(i)).id());
        assertThat(store.list(RecordFilter.all(100))).extracting(FailureRecord::id).containsExactlyElementsOf(ids);
        assertThat(store.list(RecordFilter.all(3).after(ids.get(2)))).extracting(FailureRecord::id).containsExactlyElementsOf(ids.subList(3, 6));
        assertThat(store.list(new RecordFilter(Status.CONFIRMED, null, null, null, 100))).extracting(FailureRecord::status).containsOnly(Status.CONFIRMED).hasSize(2);
        assertThat(store.list(new RecordFilter(null, FailureClass.CASCADE, null, null, 100))).hasSize(1);
        assertThat(store.count()).isEqualTo(8);
    }

    @Test
    void searchMatchesEveryWordInTitleOrDescriptionIgnoringCase() {
        store.add(SampleFailures.sample(11));
        store.add(SampleFailures.sample(12));
        assertThat(store.search("SAMPLE failure 11", 10)).hasSize(1);
        assertThat(store.search("seeded another", 10)).hasSize(2);
        assertThat(store.search("100%_", 10)).isEmpty();
    }

    @Test
    void statusChangesBumpTheRevision() {
        FailureRecord r = store.add(SampleFailures.sample(0));
        long before = store.revision();
        FailureRecord confirmed = store.setStatus(r.id(), Status.CONFIRMED);
        assertThat(confirmed.status()).isEqualTo(Status.CONFIRMED);
        assertThat(store.revision()).isGreaterThan(before);
        assertThat(store.blockingInputs()).extracting(KnownInput::failureId).containsExactly(r.id());
        assertThatThrownBy(() -> store.setStatus("WFD-1999-00001", Status.CONFIRMED)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void onlyChangesToBlockingRecordsBumpTheBlockingRevision() {
        long blocking = store.blockingRevision();
        FailureRecord candidate = store.add(SampleFailures.sample(0));
        FailureRecord other = store.add(SampleFailures.sample(4));          // seeds 0, 4, 8: status new
        store.setStatus(other.id(), Status.REJECTED);
        assertThat(store.blockingRevision()).as("new records and rejecting one change nothing that blocks").isEqualTo(blocking);
        store.setStatus(candidate.id(), Status.CONFIRMED);
        long confirmed = store.blockingRevision();
        assertThat(confirmed).isGreaterThan(blocking);
        store.add(SampleFailures.sample(8));
        assertThat(store.blockingRevision()).as("a candidate captured later").isEqualTo(confirmed);
        store.add(SampleFailures.sample(1));                                // seed 1: confirmed on arrival
        assertThat(store.blockingRevision()).as("a record confirmed on arrival").isGreaterThan(confirmed);
        confirmed = store.blockingRevision();
        assertThat(store.blockingInputs()).extracting(KnownInput::failureId).doesNotContain(other.id()).hasSizeGreaterThan(0);
        store.setStatus(candidate.id(), Status.REJECTED);
        assertThat(store.blockingRevision()).as("un-confirming").isGreaterThan(confirmed);
        assertThat(store.blockingInputs()).extracting(KnownInput::failureId).doesNotContain(candidate.id());
    }

    @Test
    void pruneDeletesOnlyOldUnreviewedCapturedCandidatesAndTheirBlobs() {
        FailureRecord old = store.add(SampleFailures.captured(20, "attacker"));
        FailureRecord reviewed = store.add(SampleFailures.captured(21, "attacker"));
        store.setStatus(reviewed.id(), Status.REJECTED);
        FailureRecord kept = store.add(SampleFailures.captured(22, "attacker"));
        FailureRecord mergedInto = store.add(SampleFailures.captured(23, "attacker"));
        store.merge(kept.id(), mergedInto.id());
        FailureRecord byHand = store.add(SampleFailures.sample(24));            // seed 24: status new, reporter tester-0
        String oldBlob = old.evidence().inputs().get(0).sha256();
        long blocking = store.blockingRevision();

        assertThat(store.pruneUnreviewed("capture:", Instant.now().minus(java.time.Duration.ofDays(1)))).as("nothing is a day old").isZero();
        assertThat(store.pruneUnreviewed("capture:", Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(store.get(old.id())).isEmpty();
        assertThat(store.blob(oldBlob)).as("its blob, used by nothing else").isEmpty();
        assertThat(store.get(reviewed.id())).isPresent();
        assertThat(store.get(mergedInto.id())).as("an alias points at it").isPresent();
        assertThat(store.get(kept.id())).as("resolves through the alias").isPresent();
        assertThat(store.get(byHand.id())).isPresent();
        assertThat(store.blockingRevision()).isEqualTo(blocking);
        FailureRecord next = store.add(SampleFailures.captured(25, "attacker"));
        assertThat(next.id()).as("ids are not reused").isNotEqualTo(old.id());
        assertThatThrownBy(() -> store.pruneUnreviewed("%", Instant.now())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergeTurnsTheDuplicateIntoAnAliasThatStillResolves() {
        FailureRecord kept = store.add(SampleFailures.sample(4));
        FailureRecord dup = store.add(SampleFailures.sample(5));
        FailureRecord merged = store.merge(dup.id(), kept.id());
        assertThat(merged.aliases()).containsExactly(dup.id());
        assertThat(merged.evidence().inputs()).hasSize(2);
        assertThat(store.get(dup.id())).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(kept.id()));
        assertThat(store.count()).isEqualTo(1);
        FailureRecord third = store.add(SampleFailures.sample(6));
        store.merge(kept.id(), third.id());
        assertThat(store.get(third.id()).orElseThrow().aliases()).containsExactly(kept.id(), dup.id());
        ImportResult again = store.importCase(new FailureCase(dup, SampleFailures.sample(5).blobs()), null);
        assertThat(again.outcome()).isEqualTo(ImportResult.Outcome.SKIPPED);
        assertThat(again.id()).isEqualTo(third.id());
    }

    @Test
    void importKeepsIdsRenumbersCollisionsAndSkipsKnownRecords() {
        FailureRecord local = store.add(SampleFailures.sample(1));
        FailureCase foreign = SampleFailures.sample(2);
        FailureRecord withIds = foreign.record().withIdentity("WFD-2020-00042", "11111111-2222-3333-4444-555555555555", null, null);
        ImportResult first = store.importCase(new FailureCase(withIds, foreign.blobs()), new Provenance("https://other.example", "WFD-2020-00042"));
        assertThat(first.outcome()).isEqualTo(ImportResult.Outcome.IMPORTED);
        assertThat(store.get("WFD-2020-00042").orElseThrow().provenance().origin()).isEqualTo("https://other.example");
        assertThat(store.importCase(new FailureCase(withIds, foreign.blobs()), null).outcome()).isEqualTo(ImportResult.Outcome.SKIPPED);
        FailureRecord clash = foreign.record().withIdentity(local.id(), "99999999-2222-3333-4444-555555555555", null, null);
        ImportResult renumbered = store.importCase(new FailureCase(clash, foreign.blobs()), null);
        assertThat(renumbered.outcome()).isEqualTo(ImportResult.Outcome.RENUMBERED);
        assertThat(renumbered.id()).isNotEqualTo(local.id());
        assertThat(store.get(renumbered.id()).orElseThrow().provenance().originId()).isEqualTo(local.id());
        assertThat(store.add(SampleFailures.sample(3)).id()).isNotIn(local.id(), renumbered.id());
    }

    @Test
    void aLoadedAtlasReleaseRejectsUnknownTechniquesAndTheWholeWriteRollsBack() {
        Path atlas = TestDatabases.sharedData().resolve("atlas/ATLAS.yaml");
        AtlasCatalog.Release release = store.atlas().load(atlas);
        assertThat(release.version()).isEqualTo("5.6.0");
        assertThat(store.atlas().technique("AML.T0043.001")).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("Black-Box Optimization"));
        store.add(SampleFailures.sample(1));
        FailureCase bad = SampleFailures.sample(2);
        FailureRecord unknown = new FailureRecord(null, null, "t", "d", bad.record().model(), null, null, null,
                List.of("AML.T9999"), null, null, null, bad.record().evidence(), null, null, null, null, null, null, null);
        long revision = store.revision();
        assertThatThrownBy(() -> store.add(new FailureCase(unknown, bad.blobs()))).hasMessageContaining("AML.T9999 is not in the loaded ATLAS release 5.6.0");
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.revision()).isEqualTo(revision);
        assertThat(store.blob(bad.record().evidence().inputs().get(0).sha256())).isEmpty();
    }

    @Test
    void exportThenImportOfAThousandRecordsRoundTripsFieldByField(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        for (int i = 0; i < 1000; i++) store.add(SampleFailures.sample(i));
        FailureRecord dup = store.add(SampleFailures.sample(2000));
        FailureRecord kept = store.list(RecordFilter.all(1)).get(0);
        store.merge(dup.id(), kept.id());
        long start = System.nanoTime();
        Path bundle = tmp.resolve("all.zip");
        assertThat(FailureExchange.export(store, "bundle", bundle)).isEqualTo(1000);
        double exportSeconds = (System.nanoTime() - start) / 1e9;
        String otherUrl = newDatabaseUrl();
        try {
            JdbcFailureStore other = JdbcFailureStore.open(otherUrl);
            start = System.nanoTime();
            ImportReport report = FailureExchange.importPaths(other, "bundle", List.of(bundle));
            double importSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(report.imported()).isEqualTo(1000);
            List<FailureRecord> before = store.list(RecordFilter.all(RecordFilter.MAX_LIMIT));
            List<FailureRecord> after = other.list(RecordFilter.all(RecordFilter.MAX_LIMIT));
            assertThat(after).hasSize(before.size());
            for (int i = 0; i < before.size(); i++) {
                FailureRecord a = before.get(i);
                FailureRecord b = after.get(i);
                assertThat(b.provenance().origin()).isEqualTo("bundle:all.zip");
                assertThat(b.withProvenance(null)).as(a.id()).usingRecursiveComparison().isEqualTo(a);
                for (var in : a.evidence().inputs()) assertThat(other.blob(in.sha256()).orElseThrow()).isEqualTo(store.blob(in.sha256()).orElseThrow());
            }
            assertThat(other.get(dup.id()).orElseThrow().id()).isEqualTo(kept.id());
            assertThat(FailureExchange.importPaths(other, "bundle", List.of(bundle)).skipped()).isEqualTo(1000);
            System.out.printf("round trip (%s): 1000 records exported in %.2f s (%d bytes), imported in %.2f s, all equal field by field%n",
                    store.database().kind(), exportSeconds, java.nio.file.Files.size(bundle), importSeconds);
        } finally {
            dropDatabase(otherUrl);
        }
    }

    @Test
    void killedMidBurstEveryAcknowledgedRecordIsThereAndTheDatabaseIsSound() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BurstWriter.class.getName(), url, "100000")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> acked = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("ACK ")) acked.add(line.substring(4));
            if (acked.size() == 200) break;
        }
        // SIGKILL mid-burst; the acknowledgements this process has read are the ones a client was given.
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isNotZero();
        assertThat(acked.size()).isBetween(200, 99_999);
        JdbcFailureStore after = JdbcFailureStore.open(url);
        for (String id : acked) assertThat(after.get(id)).as("acknowledged %s", id).isPresent();
        try (Connection c = after.database().connect()) {
            assertThat(integrityProblems(c)).isEmpty();
        }
        assertThat(after.add(SampleFailures.sample(1)).id()).isNotIn(acked);
        System.out.printf("kill -9 test (%s): %d records acknowledged before the kill, all present; %d rows after%n",
                after.database().kind(), acked.size(), after.count());
    }
}
