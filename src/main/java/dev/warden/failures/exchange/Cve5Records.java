package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Reference;
import dev.warden.failures.SourceDocument;
import dev.warden.failures.Status;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a failure record in the CVE JSON 5 record format. A record imported from CVE 5 is written as the
 * record it came from, field for field (its CVE id, every CNA and ADP field), with what Warden changed here in
 * the CNA container's {@code x_warden} extension, the place the format gives vendors: {@code status} once it
 * is no longer {@code new}, and {@code aliases} once records were merged into it.
 *
 * <p>A record made here gets the required {@code dataType}, {@code dataVersion}, {@code cveMetadata} and CNA
 * container (descriptions, affected, references, credits), the AVID and ATLAS ids under
 * {@code taxonomyMappings}, and the ML evidence under {@code x_warden}. A failure has no CVE id until a CNA
 * assigns one, so {@code cveId} carries the Warden id, which a CNA replaces on submission.
 */
public final class Cve5Records {
    /** A fixed namespace UUID standing for "this Warden installation" as the assigner. */
    public static final String ASSIGNER = UUID.nameUUIDFromBytes("warden-failure-database".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();

    private Cve5Records() {
    }

    public static ObjectNode write(FailureRecord r) {
        if (r.source() != null && r.source().is(SourceDocument.CVE5)) return carried(r);
        ObjectNode n = RecordJson.MAPPER.createObjectNode();
        n.put("dataType", "CVE_RECORD");
        n.put("dataVersion", "5.1");
        ObjectNode meta = n.putObject("cveMetadata");
        meta.put("cveId", r.id());
        meta.put("assignerOrgId", ASSIGNER);
        meta.put("assignerShortName", "warden");
        meta.put("state", "PUBLISHED");
        if (r.created() != null) meta.put("datePublished", r.created().toString());
        if (r.updated() != null) meta.put("dateUpdated", r.updated().toString());
        ObjectNode cna = n.putObject("containers").putObject("cna");
        cna.putObject("providerMetadata").put("orgId", ASSIGNER).put("shortName", "warden");
        cna.put("title", r.title());
        ArrayNode descriptions = cna.putArray("descriptions");
        descriptions.addObject().put("lang", "en").put("value", r.description().isBlank() ? r.title() : r.description());
        ObjectNode affected = cna.putArray("affected").addObject();
        affected.put("vendor", "n/a");
        affected.put("product", r.model().name());
        affected.putArray("versions").addObject().put("version", r.model().versions()).put("status", "affected");
        ArrayNode problem = cna.putArray("problemTypes").addObject().putArray("descriptions");
        problem.addObject().put("lang", "en").put("type", "text").put("description", r.failureClass().wire());
        ArrayNode refs = cna.putArray("references");
        for (Reference ref : r.references()) refs.addObject().put("url", ref.url()).put("name", ref.label());
        // The schema requires one reference; a record without any points at itself (dropped again on import).
        if (refs.isEmpty()) refs.addObject().put("url", Cve5Import.PLACEHOLDER_REFERENCE + r.id()).put("name", "Warden failure record");
        if (r.reporter() != null) cna.putArray("credits").addObject().put("lang", "en").put("value", r.reporter()).put("type", "reporter");
        ArrayNode mappings = cna.putArray("taxonomyMappings");
        if (!r.atlas().isEmpty()) {
            ObjectNode atlas = mappings.addObject();
            atlas.put("taxonomyName", "MITRE ATLAS");
            ArrayNode rel = atlas.putArray("taxonomyRelations");
            for (String t : r.atlas()) rel.addObject().put("taxonomyId", t).put("relationshipName", "technique").put("relationshipValue", t);
        }
        ObjectNode avid = mappings.addObject();
        avid.put("taxonomyName", "AVID");
        avid.put("taxonomyVersion", r.avid().taxonomyVersion());
        ArrayNode rel = avid.putArray("taxonomyRelations");
        r.avid().riskDomain().forEach(v -> rel.addObject().put("taxonomyId", "risk_domain").put("relationshipName", "risk_domain").put("relationshipValue", v));
        r.avid().sepView().forEach(v -> rel.addObject().put("taxonomyId", v.split(":")[0]).put("relationshipName", "sep_view").put("relationshipValue", v));
        r.avid().lifecycleView().forEach(v -> rel.addObject().put("taxonomyId", v.split(":")[0]).put("relationshipName", "lifecycle_view").put("relationshipValue", v));
        ObjectNode x = cna.putObject("x_warden");
        x.put("id", r.id());
        if (r.uuid() != null) x.put("uuid", r.uuid());
        x.put("status", r.status().wire());
        x.put("severity", r.severity().wire());
        if (r.model().sha256() != null) x.put("modelSha256", r.model().sha256());
        if (r.task() != null) x.put("task", r.task());
        if (r.modality() != null) x.put("modality", r.modality());
        x.set("evidence", RecordJson.evidence(r.evidence()));
        if (r.mitigation() != null) x.put("mitigation", r.mitigation());
        x.set("aliases", RecordJson.strings(r.aliases()));
        if (r.provenance() != null) {
            ObjectNode p = x.putObject("provenance").put("origin", r.provenance().origin());
            if (r.provenance().originId() != null) p.put("origin_id", r.provenance().originId());
        }
        return n;
    }

    /** The imported document with Warden's changes (status, merged aliases) in {@code x_warden}, and nothing else touched. */
    private static ObjectNode carried(FailureRecord r) {
        ObjectNode doc = r.source().document();
        boolean changedStatus = r.status() != Status.NEW;
        if (!changedStatus && r.aliases().isEmpty()) return doc;
        JsonNode cna = doc.path("containers").path("cna");
        if (!cna.isObject()) throw new IllegalStateException(r.id() + ": its CVE source document has no containers.cna");
        JsonNode existing = cna.get("x_warden");
        ObjectNode x = existing instanceof ObjectNode o ? o : ((ObjectNode) cna).putObject("x_warden");
        if (changedStatus) x.put("status", r.status().wire());
        if (!r.aliases().isEmpty()) {
            Set<String> aliases = new LinkedHashSet<>(RecordJson.stringList(x.get("aliases")));
            aliases.addAll(r.aliases());
            x.set("aliases", RecordJson.strings(List.copyOf(aliases)));
        }
        return doc;
    }
}
