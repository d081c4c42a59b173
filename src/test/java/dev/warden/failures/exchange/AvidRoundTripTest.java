package dev.warden.failures.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.failures.AffectedModel;
import dev.warden.failures.FailureCase;
import dev.warden.failures.FailureCaseBuilder;
import dev.warden.failures.FailureClass;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.TestDatabases;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "lossless failure exchange": every public AVID sample imported and exported again through the
 * command line comes back field for field, under its own id, with its vulnerability link; records made here
 * export under their Warden id with nothing invented. SQLite here; {@code AvidRoundTripIT} on PostgreSQL.
 */
class AvidRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everySampleImportedAndExportedComesBackFieldForField() throws Exception {
        WardenCli cli = new WardenCli(TestDatabases.sqlite(dir));
        String imported = cli.failures("import", "--format", "avid", AvidSamples.folder().toString()).ok().out();
        assertThat(imported).contains(AvidSamples.files().size() + " imported, 0 renumbered, 0 skipped (already here), 0 rejected");
        cli.failures("export", "--format", "avid", "--out", dir.resolve("avid").toString()).ok();
        AvidSamples.assertExportedAsPublished(dir.resolve("avid"));
        JsonNode report = RecordJson.MAPPER.readTree(dir.resolve("avid/AVID-2022-R0001.json").toFile());
        assertThat(report.path("impact").path("avid").path("vuln_id").asText()).isEqualTo("AVID-2022-V001");
        assertThat(report.path("metadata").path("report_id").asText()).isEqualTo("AVID-2022-R0001");
    }

    @Test
    void statusChangesLeaveTheAvidDocumentAsPublishedSinceAvidHasNoPlaceForThem() throws Exception {
        String url = TestDatabases.sqlite(dir);
        WardenCli cli = new WardenCli(url);
        cli.failures("import", "--format", "avid", AvidSamples.folder().toString()).ok();
        JdbcFailureStore store = JdbcFailureStore.open(url);
        List<FailureRecord> all = store.list(RecordFilter.all(100));
        String adversarial = idOf(all, "AVID-2025-R0007");
        String vulnerability = idOf(all, "AVID-2022-V002");
        cli.failures("confirm", adversarial).ok();
        cli.failures("confirm", vulnerability, "--status", "rejected").ok();
        assertThat(store.get(adversarial).orElseThrow().status().wire()).isEqualTo("confirmed");
        cli.failures("export", "--format", "avid", "--out", dir.resolve("avid").toString()).ok();
        AvidSamples.assertExportedAsPublished(dir.resolve("avid"));
    }

    @Test
    void aRecordMadeHereExportsUnderItsWardenIdWithOnlyTheTaxonomyItHasAndComesBackTheSame() throws Exception {
        String url = TestDatabases.sqlite(dir.resolve("a"));
        JdbcFailureStore store = JdbcFailureStore.open(url);
        // digital evasion with no AVID entries of its own: the export must not invent S0403 or a risk domain for it
        FailureCase c = FailureCaseBuilder.forModel(new AffectedModel("fashion-cnn", null, null))
                .title("Shirts read as bags after a one-pixel patch").description("Found by hand.")
                .failureClass(FailureClass.DIGITAL_EVASION).atlas(List.of("AML.T0043")).reporter("alice").build();
        FailureRecord made = store.add(c);
        WardenCli a = new WardenCli(url);
        a.failures("export", "--format", "avid", "--out", dir.resolve("first").toString()).ok();
        JsonNode first = RecordJson.MAPPER.readTree(dir.resolve("first/" + made.id() + ".json").toFile());
        assertThat(first.path("metadata").path("report_id").asText()).isEqualTo(made.id());
        JsonNode avid = first.path("impact").path("avid");
        assertThat(avid.path("sep_view")).isEmpty();
        assertThat(avid.path("risk_domain")).isEmpty();
        assertThat(avid.has("vuln_id")).isFalse();
        assertThat(first.path("impact").path("atlas").findValuesAsText("technique")).containsExactly("AML.T0043");
        assertThat(first.path("credit").get(0).path("value").asText()).isEqualTo("alice");

        WardenCli b = new WardenCli(TestDatabases.sqlite(dir.resolve("b")));
        b.failures("import", "--format", "avid", dir.resolve("first").toString()).ok();
        b.failures("export", "--format", "avid", "--out", dir.resolve("second").toString()).ok();
        JsonNode second = RecordJson.MAPPER.readTree(dir.resolve("second/" + made.id() + ".json").toFile());
        assertThat(JsonDiff.differences(first, second)).isEmpty();
    }

    @Test
    void theSourceDocumentIsKeptExactlyEvenWhereWardenReadsItDifferently() throws Exception {
        JsonNode sample = RecordJson.MAPPER.readTree(AvidSamples.folder().resolve("AVID-2025-R0001.json").toFile());
        DocumentImport read = AvidImport.read(sample, "avid:AVID-2025-R0001.json");
        // Warden reads the published "P0200: Model Issues" in AVID's own spelling, but exports what was published
        assertThat(read.record().avid().sepView()).containsExactly("P0200: Model issues");
        JsonNode exported = AvidReports.write(read.record());
        assertThat(JsonDiff.differences(sample, exported)).isEmpty();
        assertThat(exported.path("impact").path("avid").path("sep_view").get(0).asText()).isEqualTo("P0200: Model Issues");
        ((com.fasterxml.jackson.databind.node.ObjectNode) exported).put("data_type", "changed");
        assertThat(AvidReports.write(read.record()).path("data_type").asText()).as("the record's copy is not shared").isEqualTo("AVID");
    }

    static String idOf(List<FailureRecord> records, String avidId) {
        return records.stream().filter(r -> r.provenance() != null && avidId.equals(r.provenance().originId()))
                .findFirst().orElseThrow(() -> new AssertionError("no record imported from " + avidId)).id();
    }
}
