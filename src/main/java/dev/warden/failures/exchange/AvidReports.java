package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.failures.AttackParams;
import dev.warden.failures.AvidTaxonomy;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Reference;
import dev.warden.failures.Status;
import java.time.ZoneOffset;

/**
 * Writes a failure record as an AVID report (the avidtools {@code Report} model, data version 0.2): the
 * Warden id as {@code metadata.report_id}, the model under {@code affects}, title under {@code problemtype},
 * the attack parameters as a metric, the AVID taxonomy under {@code impact.avid} and the ATLAS techniques
 * under {@code impact.atlas}. Metrics read from an imported AVID report are written back as they were.
 */
public final class AvidReports {
    public static final String DATA_VERSION = "0.2";

    private AvidReports() {
    }

    public static ObjectNode write(FailureRecord r) {
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
        AvidTaxonomy a = r.avid();
        ObjectNode avid = RecordJson.avid(a.sepView().isEmpty()
                ? new AvidTaxonomy(a.riskDomain().isEmpty() ? java.util.List.of("Security") : a.riskDomain(),
                        java.util.List.of(AvidVocabulary.sepFor(r.failureClass())), a.lifecycleView(), a.taxonomyVersion())
                : a);
        impact.set("avid", avid);
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
