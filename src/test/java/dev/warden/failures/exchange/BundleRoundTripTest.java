package dev.warden.failures.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.SampleFailures;
import dev.warden.failures.Status;
import dev.warden.failures.TestDatabases;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundle, import, bundle gives the same bundle (records field for field, then byte for byte), with records
 * made here (evidence, a merged alias, every status) and imported AVID reports whose source documents travel
 * along, so that the second installation exports the AVID reports as published.
 */
class BundleRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void bundleImportBundleIsIdenticalAndCarriesTheSourceDocuments() throws Exception {
        String urlA = TestDatabases.sqlite(dir.resolve("a"));
        JdbcFailureStore a = JdbcFailureStore.open(urlA);
        for (int i = 0; i < 6; i++) a.add(SampleFailures.sample(i));
        FailureRecord kept = a.list(RecordFilter.all(1)).get(0);
        a.merge(a.add(SampleFailures.sample(100)).id(), kept.id());
        WardenCli cliA = new WardenCli(urlA);
        cliA.failures("import", "--format", "avid", AvidSamples.folder().toString()).ok();
        cliA.failures("confirm", AvidRoundTripTest.idOf(a.list(RecordFilter.all(100)), "AVID-2025-R0008")).ok();
        Path first = dir.resolve("first.zip");
        cliA.failures("export", "--format", "bundle", "--out", first.toString()).ok();

        String urlB = TestDatabases.sqlite(dir.resolve("b"));
        WardenCli cliB = new WardenCli(urlB);
        int records = 6 + AvidSamples.files().size();
        assertThat(cliB.failures("import", "--format", "bundle", first.toString()).ok().out()).contains(records + " imported, 0 renumbered");
        FailureRecord there = JdbcFailureStore.open(urlB).get(kept.id()).orElseThrow();
        assertThat(there.provenance().origin()).as("this installation still knows where it came from").isEqualTo("bundle:first.zip");
        assertThat(there.aliases()).hasSize(1);
        Path second = dir.resolve("second.zip");
        cliB.failures("export", "--format", "bundle", "--out", second.toString()).ok();

        assertThat(recordDifferences(first, second)).isEmpty();
        assertThat(Files.mismatch(first, second)).as("byte position of the first difference").isEqualTo(-1L);

        cliB.failures("export", "--format", "avid", "--out", dir.resolve("avid").toString()).ok();
        List<FailureRecord> madeInA = a.list(RecordFilter.all(100)).stream().filter(r -> r.source() == null).toList();
        for (FailureRecord r : madeInA) Files.delete(dir.resolve("avid/" + r.id() + ".json"));
        AvidSamples.assertExportedAsPublished(dir.resolve("avid"));
        assertThat(JdbcFailureStore.open(urlB).get(AvidRoundTripTest.idOf(a.list(RecordFilter.all(100)), "AVID-2025-R0008"))
                .orElseThrow().status()).isEqualTo(Status.CONFIRMED);
    }

    /** The two bundles' entries, records.jsonl compared record by record and field by field, blobs and manifest by content. */
    private static List<String> recordDifferences(Path first, Path second) throws IOException {
        List<String> out = new ArrayList<>();
        try (ZipFile x = new ZipFile(first.toFile()); ZipFile y = new ZipFile(second.toFile())) {
            List<String> names = x.stream().map(e -> e.getName()).toList();
            assertThat(y.stream().map(e -> e.getName()).toList()).isEqualTo(names);
            for (String name : names) {
                byte[] bx = x.getInputStream(x.getEntry(name)).readAllBytes();
                byte[] by = y.getInputStream(y.getEntry(name)).readAllBytes();
                if (!name.endsWith(".jsonl")) {
                    if (!java.util.Arrays.equals(bx, by)) out.add(name + " differs");
                    continue;
                }
                List<String> lx = new String(bx, StandardCharsets.UTF_8).lines().toList();
                List<String> ly = new String(by, StandardCharsets.UTF_8).lines().toList();
                if (lx.size() != ly.size()) out.add(name + ": " + lx.size() + " lines, then " + ly.size());
                for (int i = 0; i < Math.min(lx.size(), ly.size()); i++) {
                    JsonNode rx = RecordJson.parse(lx.get(i));
                    for (String d : JsonDiff.differences(rx, RecordJson.parse(ly.get(i)))) out.add(rx.path("id").asText() + " " + d);
                }
            }
        }
        return out;
    }
}
