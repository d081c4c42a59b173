package dev.warden.failures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.tensor.DataType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a failure record (snake_case, nulls left out): one line of a bundle, one entry of the
 * {@code GET /api/failures} feed, {@code warden failures show --json}. {@link #read} is its exact inverse.
 * An imported record's {@code source} is the document it came from, as it came (see {@link SourceDocument}).
 */
public final class RecordJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    public static ObjectNode write(FailureRecord r) {
        ObjectNode n = MAPPER.createObjectNode();
        put(n, "id", r.id());
        put(n, "uuid", r.uuid());
        n.put("title", r.title());
        n.put("description", r.description());
        ObjectNode m = n.putObject("model");
        m.put("name", r.model().name());
        m.put("versions", r.model().versions());
        put(m, "sha256", r.model().sha256());
        put(n, "task", r.task());
        put(n, "modality", r.modality());
        n.put("failure_class", r.failureClass().wire());
        n.set("atlas", strings(r.atlas()));
        n.set("avid", avid(r.avid()));
        n.put("severity", r.severity().wire());
        n.put("status", r.status().wire());
        n.set("evidence", evidence(r.evidence()));
        put(n, "mitigation", r.mitigation());
        n.set("references", references(r.references()));
        put(n, "reporter", r.reporter());
        if (r.provenance() != null) {
            ObjectNode p = n.putObject("provenance");
            p.put("origin", r.provenance().origin());
            put(p, "origin_id", r.provenance().originId());
        }
        n.set("aliases", strings(r.aliases()));
        if (r.created() != null) n.put("created", r.created().toString());
        if (r.updated() != null) n.put("updated", r.updated().toString());
        if (r.source() != null) n.set("source", source(r.source()));
        return n;
    }

    public static FailureRecord read(JsonNode n) {
        JsonNode m = n.path("model");
        AffectedModel model = new AffectedModel(text(m, "name"), text(m, "versions"), text(m, "sha256"));
        JsonNode p = n.get("provenance");
        Provenance provenance = p == null || p.isNull() ? null : new Provenance(text(p, "origin"), text(p, "origin_id"));
        return new FailureRecord(text(n, "id"), text(n, "uuid"), text(n, "title"), text(n, "description"), model,
                text(n, "task"), text(n, "modality"),
                n.hasNonNull("failure_class") ? FailureClass.parse(n.get("failure_class").asText()) : null,
                stringList(n.get("atlas")), readAvid(n.get("avid")),
                n.hasNonNull("severity") ? Severity.parse(n.get("severity").asText()) : null,
                n.hasNonNull("status") ? Status.parse(n.get("status").asText()) : null,
                readEvidence(n.get("evidence")), text(n, "mitigation"), readReferences(n.get("references")),
                text(n, "reporter"), provenance, stringList(n.get("aliases")), instant(n, "created"), instant(n, "updated"),
                readSource(n.get("source")));
    }

    /** {@code {"format": "avid", "document": {...}}}: the document an imported record came from. */
    public static ObjectNode source(SourceDocument s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", s.format());
        n.set("document", s.document());
        return n;
    }

    public static SourceDocument readSource(JsonNode n) {
        if (n == null || n.isNull()) return null;
        try {
            return SourceDocument.of(text(n, "format"), n.get("document"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source: " + e.getMessage());
        }
    }

    public static ObjectNode avid(AvidTaxonomy a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.set("risk_domain", strings(a.riskDomain()));
        n.set("sep_view", strings(a.sepView()));
        n.set("lifecycle_view", strings(a.lifecycleView()));
        n.put("taxonomy_version", a.taxonomyVersion());
        return n;
    }

    public static AvidTaxonomy readAvid(JsonNode n) {
        if (n == null || n.isNull()) return AvidTaxonomy.empty();
        return new AvidTaxonomy(stringList(n.get("risk_domain")), stringList(n.get("sep_view")),
                stringList(n.get("lifecycle_view")), text(n, "taxonomy_version"));
    }

    public static ObjectNode evidence(Evidence e) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode inputs = n.putArray("inputs");
        for (EvidenceInput in : e.inputs()) {
            ObjectNode i = inputs.addObject();
            i.put("name", in.name());
            i.put("datatype", in.datatype().name());
            ArrayNode shape = i.putArray("shape");
            in.shape().forEach(shape::add);
            i.put("sha256", in.sha256());
        }
        if (e.expected() != null) n.set("expected", e.expected());
        if (e.observed() != null) n.set("observed", e.observed());
        put(n, "threat_model", e.threatModel());
        if (e.attack() != null && !e.attack().isEmpty()) {
            AttackParams a = e.attack();
            ObjectNode o = n.putObject("attack");
            put(o, "attack", a.attack());
            put(o, "norm", a.norm());
            if (a.epsilon() != null) o.put("epsilon", a.epsilon());
            if (a.queries() != null) o.put("queries", a.queries());
            if (a.seed() != null) o.put("seed", a.seed());
        }
        return n;
    }

    public static Evidence readEvidence(JsonNode n) {
        if (n == null || n.isNull()) return Evidence.none();
        List<EvidenceInput> inputs = new ArrayList<>();
        for (JsonNode i : n.path("inputs")) {
            DataType type = DataType.fromOip(text(i, "datatype"));
            if (type == null) throw new IllegalArgumentException("evidence input: unknown datatype '" + text(i, "datatype") + "'");
            List<Long> shape = new ArrayList<>();
            i.path("shape").forEach(d -> shape.add(d.asLong()));
            inputs.add(new EvidenceInput(text(i, "name"), type, shape, text(i, "sha256")));
        }
        JsonNode a = n.get("attack");
        AttackParams attack = a == null || a.isNull() ? null : new AttackParams(text(a, "attack"), text(a, "norm"),
                a.hasNonNull("epsilon") ? a.get("epsilon").asDouble() : null,
                a.hasNonNull("queries") ? a.get("queries").asLong() : null,
                a.hasNonNull("seed") ? a.get("seed").asLong() : null);
        return new Evidence(inputs, nullable(n.get("expected")), nullable(n.get("observed")), text(n, "threat_model"), attack);
    }

    public static ArrayNode references(List<Reference> refs) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Reference r : refs) {
            ObjectNode o = a.addObject();
            put(o, "type", r.type());
            o.put("label", r.label());
            o.put("url", r.url());
        }
        return a;
    }

    public static List<Reference> readReferences(JsonNode n) {
        List<Reference> refs = new ArrayList<>();
        if (n != null) for (JsonNode r : n) refs.add(new Reference(text(r, "type"), text(r, "label"), text(r, "url")));
        return refs;
    }

    public static ArrayNode strings(List<String> values) {
        ArrayNode a = MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    public static List<String> stringList(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null) n.forEach(v -> out.add(v.asText()));
        return out;
    }

    public static String toText(JsonNode n) {
        try {
            return n == null ? null : MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String text) {
        if (text == null) return null;
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode nullable(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    private static Instant instant(JsonNode n, String field) {
        String t = text(n, field);
        return t == null ? null : Instant.parse(t);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void put(ObjectNode n, String field, String value) {
        if (value != null) n.put(field, value);
    }
}
