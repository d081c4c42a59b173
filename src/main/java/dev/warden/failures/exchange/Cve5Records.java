package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Reference;
import java.util.UUID;

/**
 * Writes a failure record in the CVE JSON 5 record format: the required {@code dataType}, {@code dataVersion},
 * {@code cveMetadata} and CNA container (descriptions, affected, references), the AVID and ATLAS ids under
 * {@code taxonomyMappings}, and the ML evidence under {@code x_warden}. A failure has no CVE id until a CNA
 * assigns one, so {@code cveId} carries the Warden id, which a CNA replaces on submission.
 */
public final class Cve5Records {
    /** A fixed namespace UUID standing for "this Warden installation" as the assigner. */
    public static final String ASSIGNER = UUID.nameUUIDFromBytes("warden-failure-database".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();

    private Cve5Records() {
    }

    public static ObjectNode write(FailureRecord r) {
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
        if (refs.isEmpty()) refs.addObject().put("url", "urn:warden:" + r.id()).put("name", "Warden failure record");
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
        return n;
    }
}
