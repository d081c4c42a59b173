package dev.warden.failures.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.failures.RecordJson;
import dev.warden.failures.SampleFailures;
import dev.warden.failures.TestDatabases;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lossless exchange of issue 17 on PostgreSQL, through the command line: every AVID sample imported and
 * exported comes back field for field (also after a confirm), a bundle of them imported into a second database
 * gives the same bundle and the same AVID documents, and a CNA's CVE record comes back field for field.
 */
class LosslessExchangeIT {
    @TempDir
    Path dir;

    @Test
    void avidCve5AndBundleRoundTripsAreFieldExactOnPostgres() throws Exception {
        String urlA = TestDatabases.postgres();
        String urlB = TestDatabases.postgres();
        try {
            WardenCli a = new WardenCli(urlA);
            assertThat(a.failures("import", "--format", "avid", AvidSamples.folder().toString()).ok().out())
                    .contains(AvidSamples.files().size() + " imported, 0 renumbered, 0 skipped (already here), 0 rejected");
            JdbcFailureStore storeA = JdbcFailureStore.open(urlA);
            a.failures("confirm", AvidRoundTripTest.idOf(storeA.list(RecordFilter.all(100)), "AVID-2025-R0007")).ok();
            a.failures("export", "--format", "avid", "--out", dir.resolve("avid-a").toString()).ok();
            AvidSamples.assertExportedAsPublished(dir.resolve("avid-a"));

            storeA.add(SampleFailures.sample(1));
            Path first = dir.resolve("first.zip");
            a.failures("export", "--format", "bundle", "--out", first.toString()).ok();
            WardenCli b = new WardenCli(urlB);
            b.failures("import", "--format", "bundle", first.toString()).ok();
            Path second = dir.resolve("second.zip");
            b.failures("export", "--format", "bundle", "--out", second.toString()).ok();
            assertThat(Files.mismatch(first, second)).as("byte position of the first difference").isEqualTo(-1L);

            Path cna = Files.createDirectories(dir.resolve("cve-in")).resolve("CVE-2026-41001.json");
            try (var in = getClass().getResourceAsStream("/failures/cve5/CVE-2026-41001.json")) {
                Files.copy(in, cna);
            }
            b.failures("import", "--format", "cve5", cna.toString()).ok();
            b.failures("export", "--format", "cve5", "--out", dir.resolve("cve-b").toString()).ok();
            JsonNode back = RecordJson.MAPPER.readTree(dir.resolve("cve-b/CVE-2026-41001.json").toFile());
            assertThat(JsonDiff.differences(RecordJson.MAPPER.readTree(cna.toFile()), back)).isEmpty();

            b.failures("export", "--format", "avid", "--out", dir.resolve("avid-b").toString()).ok();
            String madeHere = storeA.list(RecordFilter.all(100)).stream().filter(r -> r.source() == null).findFirst().orElseThrow().id();
            Files.delete(dir.resolve("avid-b/" + madeHere + ".json"));
            Files.delete(dir.resolve("avid-b/" + JdbcFailureStore.open(urlB).list(RecordFilter.all(100)).stream()
                    .filter(r -> r.source() != null && r.source().is("cve5")).findFirst().orElseThrow().id() + ".json"));
            AvidSamples.assertExportedAsPublished(dir.resolve("avid-b"));
        } finally {
            TestDatabases.dropPostgres(urlA);
            TestDatabases.dropPostgres(urlB);
        }
    }
}
