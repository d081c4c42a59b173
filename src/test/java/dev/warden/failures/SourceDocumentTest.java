package dev.warden.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SourceDocumentTest {
    @Test
    void aRecordsSourceDocumentSurvivesItsJsonFormAndCannotBeChangedFromOutside() {
        ObjectNode doc = (ObjectNode) RecordJson.parse("{\"metadata\": {\"report_id\": \"AVID-2022-R0001\"}, \"impact\": {\"avid\": {\"vuln_id\": \"AVID-2022-V001\"}}}");
        FailureRecord r = SampleFailures.sample(2).record().withSource(SourceDocument.of(SourceDocument.AVID, doc));
        doc.put("changed", true);
        assertThat(r.source().document().has("changed")).isFalse();
        r.source().document().put("changed", true);
        assertThat(r.source().document().has("changed")).isFalse();

        FailureRecord back = RecordJson.read(RecordJson.parse(RecordJson.toText(RecordJson.write(r))));
        assertThat(back).isEqualTo(r);
        assertThat(back.source().document().path("impact").path("avid").path("vuln_id").asText()).isEqualTo("AVID-2022-V001");
        assertThat(back.withStatus(Status.CONFIRMED, null).source()).isEqualTo(r.source());
        assertThat(RecordJson.write(SampleFailures.sample(2).record()).has("source")).isFalse();
    }

    @Test
    void anUnknownFormatOrANonObjectDocumentIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> SourceDocument.of("stix", RecordJson.parse("{}"))).hasMessage("source format must be one of [avid, cve5], not 'stix'");
        assertThatThrownBy(() -> SourceDocument.of("avid", RecordJson.parse("[1]"))).hasMessage("source document must be a JSON object");
        assertThatThrownBy(() -> RecordJson.read(RecordJson.parse("{\"title\": \"t\", \"model\": {\"name\": \"m\"}, \"source\": {\"format\": \"avid\"}}")))
                .hasMessage("source: source document must be a JSON object");
    }
}
