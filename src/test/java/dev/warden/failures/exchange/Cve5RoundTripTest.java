package dev.warden.failures.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.SampleFailures;
import dev.warden.failures.Severity;
import dev.warden.failures.Status;
import dev.warden.failures.TestDatabases;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CVE JSON 5 through the command line: a CNA's record (hand-written for this test, with the fields CNAs and
 * ADPs use that Warden does not model) comes back field for field, Warden's own changes land in
 * {@code x_warden} only, and a record made here survives export, import elsewhere and export.
 */
class Cve5RoundTripTest {
    private static final String CVE_ID = "CVE-2026-41001";

    @TempDir
    Path dir;
    Path cnaRecord;

    @BeforeEach
    void copyTheRecord() throws Exception {
        cnaRecord = Files.createDirectories(dir.resolve("in")).resolve(CVE_ID + ".json");
        try (var in = getClass().getResourceAsStream("/failures/cve5/" + CVE_ID + ".json")) {
            Files.copy(in, cnaRecord);
        }
    }

    @Test
    void aCnaRecordImportedAndExportedComesBackFieldForField() throws Exception {
        String url = TestDatabases.sqlite(dir);
        WardenCli cli = new WardenCli(url);
        String out = cli.failures("import", "--format", "cve5", cnaRecord.toString()).ok().out();
        assertThat(out).contains(CVE_ID + ": imported as WFD-").contains("severity medium from cvssV3_1 (base score 6.8)")
                .contains("is not a technique id; dropped").contains("1 imported");
        FailureRecord r = JdbcFailureStore.open(url).list(RecordFilter.all(10)).get(0);
        assertThat(r.title()).startsWith("Traffic-sign classifier misreads stop signs");
        assertThat(r.description()).startsWith("The sign classifier shipped");
        assertThat(r.model().name()).isEqualTo("sign-classifier");
        assertThat(r.model().versions()).isEqualTo("0 <2.4.1");
        assertThat(r.atlas()).containsExactly("AML.T0043", "AML.T0041");
        assertThat(r.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(r.status()).isEqualTo(Status.NEW);
        assertThat(r.reporter()).isEqualTo("A. Researcher; Example Robotics PSIRT");
        assertThat(r.references()).extracting(ref -> ref.url()).contains("https://cwe.mitre.org/data/definitions/1039.html");
        assertThat(r.created()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(r.provenance().originId()).isEqualTo(CVE_ID);

        cli.failures("export", "--format", "cve5", "--out", dir.resolve("cve").toString()).ok();
        assertThat(JsonDiff.differences(read(cnaRecord), read(dir.resolve("cve/" + CVE_ID + ".json")))).isEmpty();
        assertThat(cli.failures("import", "--format", "cve5", cnaRecord.toString()).ok().out()).contains("1 skipped");
    }

    @Test
    void whatWardenChangesHereGoesToXWardenAndNothingElseMoves() throws Exception {
        String url = TestDatabases.sqlite(dir);
        WardenCli cli = new WardenCli(url);
        cli.failures("import", "--format", "cve5", cnaRecord.toString()).ok();
        JdbcFailureStore store = JdbcFailureStore.open(url);
        String id = store.list(RecordFilter.all(10)).get(0).id();
        String duplicate = store.add(SampleFailures.sample(1)).id();
        cli.failures("confirm", id).ok();
        cli.failures("merge", duplicate, "--into", id).ok();
        cli.failures("export", "--format", "cve5", "--out", dir.resolve("cve").toString()).ok();

        ObjectNode exported = (ObjectNode) read(dir.resolve("cve/" + CVE_ID + ".json"));
        assertThat(JsonDiff.differences(read(cnaRecord), exported))
                .containsExactly("/containers/cna/x_warden: unexpected {\"status\":\"confirmed\",\"aliases\":[\"" + duplicate + "\"]}");
    }

    @Test
    void aRecordMadeHereSurvivesExportImportElsewhereAndExport() throws Exception {
        String urlA = TestDatabases.sqlite(dir.resolve("a"));
        JdbcFailureStore a = JdbcFailureStore.open(urlA);
        FailureRecord made = a.add(SampleFailures.sample(3));
        WardenCli cliA = new WardenCli(urlA);
        cliA.failures("export", "--format", "cve5", "--out", dir.resolve("first").toString()).ok();
        JsonNode first = read(dir.resolve("first/" + made.id() + ".json"));
        assertThat(first.path("cveMetadata").path("cveId").asText()).isEqualTo(made.id());
        assertThat(first.path("containers").path("cna").path("credits").get(0).path("value").asText()).isEqualTo(made.reporter());

        String urlB = TestDatabases.sqlite(dir.resolve("b"));
        WardenCli cliB = new WardenCli(urlB);
        String out = cliB.failures("import", "--format", "cve5", dir.resolve("first").toString()).ok().out();
        assertThat(out).contains("1 evidence inputs in x_warden.evidence left out").contains("x_warden.status rejected not taken");
        FailureRecord there = JdbcFailureStore.open(urlB).list(RecordFilter.all(10)).get(0);
        assertThat(there.uuid()).isEqualTo(made.uuid());
        assertThat(there.status()).isEqualTo(Status.NEW);
        assertThat(there.severity()).isEqualTo(made.severity());
        assertThat(there.evidence().attack()).isEqualTo(made.evidence().attack());
        assertThat(there.evidence().observed()).isEqualTo(made.evidence().observed());
        assertThat(there.atlas()).isEqualTo(made.atlas());
        assertThat(there.avid()).isEqualTo(made.avid());
        assertThat(there.references()).extracting(ref -> ref.label() + " " + ref.url())
                .isEqualTo(made.references().stream().map(ref -> ref.label() + " " + ref.url()).toList());

        cliB.failures("export", "--format", "cve5", "--out", dir.resolve("second").toString()).ok();
        assertThat(JsonDiff.differences(first, read(dir.resolve("second/" + made.id() + ".json")))).isEmpty();
        assertThat(cliA.failures("import", "--format", "cve5", dir.resolve("second").toString()).ok().out())
                .as("the UUID in x_warden is recognised at home").contains(made.id() + ": skipped as " + made.id());
    }

    @Test
    void recordsThatAreNotFailuresAreRejectedWithTheReason() throws Exception {
        ObjectNode rejected = (ObjectNode) read(cnaRecord);
        ((ObjectNode) rejected.get("cveMetadata")).put("cveId", "CVE-2026-41002").put("state", "REJECTED");
        Files.writeString(dir.resolve("in/rejected.json"), RecordJson.toText(rejected));
        Files.writeString(dir.resolve("in/no-id.json"), "{\"dataType\": \"CVE_RECORD\", \"containers\": {\"cna\": {\"title\": \"t\"}}}");
        Files.writeString(dir.resolve("in/broken.json"), "{\"dataType\": ");
        ObjectNode misshapen = (ObjectNode) read(cnaRecord);
        ((ObjectNode) misshapen.get("cveMetadata")).put("cveId", "CVE-2026-41003");
        ((ObjectNode) misshapen.path("containers").path("cna")).put("descriptions", "one string instead of a list");
        Files.writeString(dir.resolve("in/misshapen.json"), RecordJson.toText(misshapen));
        ObjectNode negative = (ObjectNode) read(cnaRecord);
        ((ObjectNode) negative.get("cveMetadata")).put("cveId", "CVE-2026-41004");
        ((ObjectNode) negative.path("containers").path("cna")).putObject("x_warden").putObject("evidence").putObject("attack").put("epsilon", -1);
        Files.writeString(dir.resolve("in/negative.json"), RecordJson.toText(negative));
        String url = TestDatabases.sqlite(dir);
        String out = new WardenCli(url).failures("import", "--format", "cve5", dir.resolve("in").toString()).ok().out();
        assertThat(out.lines().toList()).contains(
                "CVE-2026-41002: rejected: cveMetadata.state is REJECTED: the CVE describes no failure",
                "no-id.json: rejected: no cveMetadata.cveId: not a CVE JSON 5 record")
                .anyMatch(l -> l.startsWith("broken.json: rejected: not JSON"));
        assertThat(out).contains("CVE-2026-41003: rejected: not a CVE JSON 5 record: containers.cna.descriptions: Cannot deserialize");
        assertThat(out).contains("negative.json: rejected: x_warden.evidence.attack: epsilon must be >= 0");
        assertThat(out).contains("1 imported, 0 renumbered, 0 skipped (already here), 5 rejected");
        assertThat(JdbcFailureStore.open(url).list(RecordFilter.all(10))).extracting(FailureRecord::title)
                .containsExactly("Traffic-sign classifier misreads stop signs carrying small printed patches");
    }

    private static JsonNode read(Path p) throws Exception {
        return RecordJson.MAPPER.readTree(p.toFile());
    }
}
