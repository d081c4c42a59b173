package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.failures.AttackParams;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Reference;
import dev.warden.failures.SourceDocument;
import dev.warden.failures.Status;
import java.time.ZoneOffset;

/**
 * Writes a failure record as an AVID document. A record imported from AVID is written as the document it came
 * from, field for field: its {@code report_id} or {@code vuln_id}, the link to its vulnerability, and every field
 * Warden does not model. AVID has no place for what Warden may change afterwards (status, merged evidence and
 * aliases), so those travel in bundles and CVE 5's {@code x_warden}, not here.
 *
 * <p>A record made here becomes an AVID report (the avidtools {@code Report} model, data version 0.2) of only
 * what Warden knows: the Warden id as {@code metadata.report_id}, the model under {@code affects}, title under
 * {@code problemtype}, the attack parameters as a metric, the record's own AVID taxonomy under
 * {@code impact.avid} (no entries it does not have) and the ATLAS techniques under {@code impact.atlas}.
 */
public final class AvidReports {
    public static final String DATA_VERSION = "0.2";

    private AvidReports() {
    }

    public static ObjectNode write(FailureRecord r) {
        if (r.source() != null && r.source().is(SourceDocument.AVID)) return r.source().document();
        ObjectNode n = RecordJson.MAPPER.createObjectNode();
        n.put("data_type", "AVID");
        n.put("data_version", DATA_VERSION);
        n.putObject("metadata").put("report_id", r.id());
        ObjectNode affects = n.putObject("affects");
        affects.putArray("developer");
        affects.putArray("deployer");
        ObjectNode artifact = affects.putArray("artifacts").addObject();
        artifact.put("type", "Model");
        artifact.put("name", r.model().name());
        ObjectNode problem = n.putObject("problemtype");
        problem.put("classof", "Undefined");
        problem.put("type", r.evidence().inputs().isEmpty() ? "Advisory" : "Detection");
        langValue(problem.putObject("description"), r.title());
        n.set("metrics", metrics(r));
        ArrayNode refs = n.putArray("references");
        for (Reference ref : r.references()) {
            ObjectNode o = refs.addObject();
            if (ref.type() != null) o.put("type", ref.type());
            o.put("label", ref.label());
            o.put("url", ref.url());
        }
        langValue(n.putObject("description"), r.description());
        ObjectNode impact = n.putObject("impact");
        impact.set("avid", RecordJson.avid(r.avid()));
        ArrayNode atlas = impact.putArray("atlas");
        for (String t : r.atlas()) atlas.addObject().put("technique", t);
        if (r.reporter() != null) langValue(n.putArray("credit").addObject(), r.reporter());
        if (r.created() != null) n.put("reported_date", r.created().atZone(ZoneOffset.UTC).toLocalDate().toString());
        return n;
    }

    private static ArrayNode metrics(FailureRecord r) {
        JsonNode imported = r.evidence().observed() == null ? null : r.evidence().observed().get(AvidImport.METRICS_FIELD);
        if (imported != null && imported.isArray()) return (ArrayNode) imported.deepCopy();
        ArrayNode metrics = RecordJson.MAPPER.createArrayNode();
        AttackParams p = r.evidence().attack();
        if (p == null || p.isEmpty()) return metrics;
        ObjectNode m = metrics.addObject();
        m.put("name", p.attack() == null ? "attack" : p.attack());
        ObjectNode features = m.putObject("features");
        if (p.norm() != null) features.put("norm", p.norm());
        if (p.epsilon() != null) features.put("epsilon", p.epsilon());
        if (p.queries() != null) features.put("queries", p.queries());
        if (p.seed() != null) features.put("seed", p.seed());
        features.put("confirmed", r.status() == Status.CONFIRMED || r.status() == Status.MITIGATED);
        ObjectNode method = m.putObject("detection_method");
        method.put("type", "Static Threshold");
        method.put("name", "attack succeeded within epsilon");
        return metrics;
    }

    private static void langValue(ObjectNode o, String value) {
        o.put("lang", "eng");
        o.put("value", value);
    }
}
