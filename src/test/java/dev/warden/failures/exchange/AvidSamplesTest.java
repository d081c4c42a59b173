package dev.warden.failures.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.failures.FailureClass;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.SampleFailures;
import dev.warden.failures.Severity;
import dev.warden.failures.TestDatabases;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real AVID reports in ../shared/data/avid-samples, in every shape the public data has, imported and exported. */
class AvidSamplesTest {
    @TempDir
    Path dir;

    @Test
    void everyPublishedShapeImportsWithAnAccountOfWhatWasMapped() throws Exception {
        Path samples = TestDatabases.sharedData().resolve("avid-samples");
        JdbcFailureStore store = JdbcFailureStore.open(TestDatabases.sqlite(dir));
        ImportReport report = FailureExchange.importPaths(store, "avid", List.of(samples));
        report.lines().forEach(System.out::println);
        System.out.println("AVID samples: " + report.summary());
        assertThat(report.imported() + report.renumbered()).isEqualTo(27);
        assertThat(report.rejected()).isZero();
        assertThat(String.join("\n", report.lines()))
                .contains("sep_view 'P0200: Model Issues' read as 'P0200: Model issues'")
                .contains("sep_view 'E0100: Bias/Discrimination' read as 'E0100: Bias/ Discrimination'")
                .contains("scorer/metrics/value shape").contains("name/features/detection_method shape")
                .contains("severity critical from impact.cvss").contains("CWE-367 from impact.cwe");
        FailureRecord adversarial = store.list(RecordFilter.all(100)).stream()
                .filter(r -> r.provenance().originId().equals("AVID-2025-R0007")).findFirst().orElseThrow();
        assertThat(adversarial.failureClass()).isEqualTo(FailureClass.DIGITAL_EVASION);
        assertThat(adversarial.avid().sepView()).containsExactly("S0403: Adversarial Example");
        FailureRecord cve = store.list(RecordFilter.all(100)).stream()
                .filter(r -> r.provenance().originId().equals("AVID-2026-R0001")).findFirst().orElseThrow();
        assertThat(cve.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(FailureExchange.importPaths(store, "avid", List.of(samples)).skipped()).isEqualTo(27);
    }

    @Test
    void unreadableDocumentsAreRejectedWithTheReasonAndTheRestImport() throws Exception {
        Files.writeString(dir.resolve("broken.json"), "{not json");
        Files.writeString(dir.resolve("empty.json"), "{\"data_type\": \"AVID\", \"metadata\": {\"report_id\": \"AVID-X\"}}");
        Files.writeString(dir.resolve("minimal.json"), "{\"description\": {\"value\": \"Model misreads stop signs with stickers\"}}");
        JdbcFailureStore store = JdbcFailureStore.open(TestDatabases.sqlite(dir.resolve("db")));
        ImportReport report = FailureExchange.importPaths(store, "avid", List.of(dir));
        assertThat(report.rejected()).isEqualTo(2);
        assertThat(report.lines()).anyMatch(l -> l.startsWith("broken.json: rejected: not JSON"))
                .anyMatch(l -> l.startsWith("AVID-X: rejected: neither description.value"));
        assertThat(store.list(RecordFilter.all(10))).singleElement().satisfies(r -> assertThat(r.model().name()).isEqualTo("unknown"));
    }

    @Test
    void exportsAvidCve5AndCsvWithTheirRequiredFields() throws Exception {
        JdbcFailureStore store = JdbcFailureStore.open(TestDatabases.sqlite(dir));
        FailureRecord r = store.add(SampleFailures.sample(3));
        FailureExchange.export(store, "avid", dir.resolve("avid"));
        JsonNode avid = RecordJson.MAPPER.readTree(dir.resolve("avid/" + r.id() + ".json").toFile());
        for (String f : List.of("data_type", "data_version", "metadata", "affects", "problemtype", "metrics", "references", "description", "impact", "reported_date")) {
            assertThat(avid.has(f)).as(f).isTrue();
        }
        assertThat(avid.path("metadata").path("report_id").asText()).isEqualTo(r.id());
        assertThat(avid.path("impact").path("atlas").get(0).path("technique").asText()).isEqualTo("AML.T0043.001");
        assertThat(avid.path("impact").path("avid").path("sep_view").get(0).asText()).isEqualTo("S0403: Adversarial Example");
        DocumentImport back = AvidImport.read(avid, "test");
        assertThat(back.record().atlas()).isEqualTo(r.atlas());
        assertThat(back.record().avid()).isEqualTo(r.avid());

        FailureExchange.export(store, "cve5", dir.resolve("cve"));
        JsonNode cve = RecordJson.MAPPER.readTree(dir.resolve("cve/" + r.id() + ".json").toFile());
        assertThat(cve.path("dataType").asText()).isEqualTo("CVE_RECORD");
        assertThat(cve.path("cveMetadata").path("cveId").asText()).isEqualTo(r.id());
        JsonNode cna = cve.path("containers").path("cna");
        assertThat(cna.path("descriptions").get(0).path("lang").asText()).isEqualTo("en");
        assertThat(cna.path("affected").get(0).path("product").asText()).isEqualTo("fashion-cnn");
        assertThat(cna.path("taxonomyMappings").findValuesAsText("taxonomyId")).contains("AML.T0043.001", "S0403");
        assertThat(cna.path("x_warden").path("evidence").path("attack").path("epsilon").asDouble()).isEqualTo(r.evidence().attack().epsilon());

        FailureExchange.export(store, "csv", dir.resolve("list.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("list.csv"));
        assertThat(lines.get(0)).startsWith("id,title,status");
        assertThat(String.join("\n", lines)).contains(r.id() + ",\"Sample failure 3 with \"\"quotes\"\", commas, and ünïcode\"");
    }
}
