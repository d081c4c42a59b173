package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.failures.AffectedModel;
import dev.warden.failures.AtlasIds;
import dev.warden.failures.AvidTaxonomy;
import dev.warden.failures.Evidence;
import dev.warden.failures.FailureClass;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.Provenance;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Reference;
import dev.warden.failures.Severity;
import dev.warden.failures.SourceDocument;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads AVID reports and vulnerabilities as the public data has them, tolerantly: the three metric shapes
 * (detection-method metrics, scorer/value metrics, none), SEP and lifecycle entries in any spelling of
 * their code, empty taxonomy versions, CVE-derived reports' {@code impact.cvss} and {@code impact.cwe}.
 * Every liberty taken is reported as a note; only a document without a readable description is rejected.
 * The same AVID id always maps to the same record UUID, so importing a report twice skips it. The document
 * itself is kept with the record ({@link SourceDocument}), so that {@link AvidReports} exports it as it came.
 */
public final class AvidImport {
    static final String METRICS_FIELD = "avid_metrics";

    private AvidImport() {
    }

    public static DocumentImport read(JsonNode doc, String origin) {
        List<String> notes = new ArrayList<>();
        if (doc == null || !doc.isObject()) return DocumentImport.rejected(null, notes, "not a JSON object");
        String avidId = firstText(doc.path("metadata"), "report_id", "vuln_id");
        if (avidId == null) notes.add("no metadata.report_id or vuln_id; provenance keeps the file name");
        String sourceId = avidId != null ? avidId : origin;
        if (!"AVID".equals(doc.path("data_type").asText(null))) notes.add("data_type is " + doc.path("data_type") + ", not \"AVID\"; read as AVID");
        String description = doc.path("description").path("value").asText(null);
        String problem = doc.path("problemtype").path("description").path("value").asText(null);
        if (isBlank(description) && isBlank(problem)) {
            return DocumentImport.rejected(sourceId, notes, "neither description.value nor problemtype.description.value is present");
        }
        String title = !isBlank(problem) ? problem : shorten(description);
        if (isBlank(problem)) notes.add("title taken from the description (no problemtype.description)");
        if (isBlank(description)) description = problem;

        JsonNode avidNode = doc.path("impact").path("avid");
        List<String> risk = canonicalRisk(avidNode.path("risk_domain"), notes);
        List<String> sep = canonical(avidNode.path("sep_view"), AvidVocabulary.SEP, "sep_view", notes);
        List<String> lifecycle = canonical(avidNode.path("lifecycle_view"), AvidVocabulary.LIFECYCLE, "lifecycle_view", notes);
        String version = avidNode.path("taxonomy_version").asText("");
        if (version.isBlank()) notes.add("taxonomy_version empty; taken as " + AvidTaxonomy.VERSION);
        if (sep.stream().anyMatch(s -> s.startsWith("S")) && risk.contains("Ethics") && !risk.contains("Security")) {
            notes.add("risk_domain Ethics with Security SEP entries; kept as published");
        }
        FailureClass cls = sep.stream().map(AvidVocabulary::failureClass).flatMap(java.util.Optional::stream).findFirst().orElse(FailureClass.OTHER);
        notes.add("failure class " + cls.wire() + (cls == FailureClass.OTHER ? " (no SEP entry implies one)" : " (from sep_view)"));

        return new DocumentImport(sourceId, new FailureRecord(null, uuidFor(sourceId), title, description, model(doc.path("affects"), notes),
                null, null, cls, atlas(doc.path("impact").path("atlas"), notes), new AvidTaxonomy(risk, sep, lifecycle, version),
                severity(doc.path("impact"), notes), null, evidence(doc, notes), null, references(doc, notes),
                credit(doc.path("credit")), new Provenance(origin, sourceId), List.of(), date(doc, notes), null,
                SourceDocument.of(SourceDocument.AVID, doc)), notes, null);
    }

    /** A stable UUID for an AVID id, so that re-importing the same report is recognised. */
    public static String uuidFor(String avidId) {
        return UUID.nameUUIDFromBytes(("avid:" + avidId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static AffectedModel model(JsonNode affects, List<String> notes) {
        JsonNode chosen = null;
        for (JsonNode a : affects.path("artifacts")) {
            if (chosen == null || ("Model".equalsIgnoreCase(a.path("type").asText()) && !"Model".equalsIgnoreCase(chosen.path("type").asText()))) chosen = a;
        }
        if (chosen == null || isBlank(chosen.path("name").asText(null))) {
            notes.add("no affects.artifacts; model recorded as 'unknown'");
            return new AffectedModel("unknown", null, null);
        }
        if (affects.path("artifacts").size() > 1) notes.add(affects.path("artifacts").size() + " artifacts; the model is " + chosen.path("name").asText());
        return new AffectedModel(chosen.path("name").asText(), null, null);
    }

    private static List<String> canonicalRisk(JsonNode node, List<String> notes) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : node) {
            String c = AvidVocabulary.RISK_DOMAINS.get(v.asText().trim().toLowerCase(java.util.Locale.ROOT));
            if (c == null) notes.add("risk_domain '" + v.asText() + "' is not Security, Ethics or Performance; kept");
            out.add(c != null ? c : v.asText());
        }
        return out;
    }

    private static List<String> canonical(JsonNode node, Map<String, String> vocabulary, String field, List<String> notes) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : node) {
            String entry = v.asText();
            String c = AvidVocabulary.canonical(vocabulary, entry).orElse(null);
            if (c == null) notes.add(field + " '" + entry + "' has no known code; kept as published");
            else if (!c.equals(entry)) notes.add(field + " '" + entry + "' read as '" + c + "'");
            out.add(c != null ? c : entry);
        }
        return out;
    }

    private static List<String> atlas(JsonNode node, List<String> notes) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : node) {
            String t = a.isTextual() ? a.asText() : firstText(a, "technique", "id");
            if (t != null && AtlasIds.TECHNIQUE.matcher(t).matches()) out.add(t);
            else notes.add("impact.atlas entry " + a + " is not an ATLAS technique id; dropped");
        }
        return out;
    }

    private static Severity severity(JsonNode impact, List<String> notes) {
        String cvss = impact.path("cvss").path("baseSeverity").asText(null);
        if (cvss == null) return Severity.UNKNOWN;
        try {
            Severity s = Severity.parse(cvss);
            notes.add("severity " + s.wire() + " from impact.cvss (base score " + impact.path("cvss").path("baseScore").asText("?") + ")");
            return s;
        } catch (IllegalArgumentException e) {
            notes.add("impact.cvss.baseSeverity '" + cvss + "' unknown; severity unknown");
            return Severity.UNKNOWN;
        }
    }

    private static Evidence evidence(JsonNode doc, List<String> notes) {
        JsonNode metrics = doc.get("metrics");
        if (metrics == null || !metrics.isArray() || metrics.isEmpty()) {
            notes.add(metrics == null ? "no metrics" : "metrics empty");
            return Evidence.none();
        }
        JsonNode first = metrics.get(0);
        String shape = first.has("detection_method") ? "name/features/detection_method" : first.has("scorer") ? "scorer/metrics/value" : "unrecognised";
        notes.add(metrics.size() + " metrics (" + shape + " shape) kept verbatim as evidence.observed." + METRICS_FIELD);
        ObjectNode observed = RecordJson.MAPPER.createObjectNode();
        observed.set(METRICS_FIELD, metrics.deepCopy());
        return new Evidence(List.of(), null, observed, null, null);
    }

    private static List<Reference> references(JsonNode doc, List<String> notes) {
        List<Reference> out = new ArrayList<>();
        for (JsonNode r : doc.path("references")) {
            String url = r.path("url").asText(null);
            if (isBlank(url)) {
                notes.add("reference without url dropped: " + r);
                continue;
            }
            out.add(new Reference(r.path("type").asText(null), r.path("label").asText(null), url));
        }
        for (JsonNode cwe : doc.path("impact").path("cwe")) {
            String id = cwe.path("cweId").asText("");
            if (!id.matches("CWE-\\d+")) continue;
            out.add(new Reference("cwe", cwe.path("description").asText(id), "https://cwe.mitre.org/data/definitions/" + id.substring(4) + ".html"));
            notes.add(id + " from impact.cwe kept as a reference");
        }
        return out;
    }

    private static String credit(JsonNode credit) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : credit) if (!isBlank(c.path("value").asText(null))) names.add(c.path("value").asText());
        return names.isEmpty() ? null : String.join("; ", names);
    }

    private static java.time.Instant date(JsonNode doc, List<String> notes) {
        String text = firstText(doc, "reported_date", "published_date");
        if (text == null) return null;
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            notes.add("date '" + text + "' unreadable; the import time is used");
            return null;
        }
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            String v = n.path(f).asText(null);
            if (!isBlank(v)) return v;
        }
        return null;
    }

    private static String shorten(String s) {
        String line = s.strip().lines().findFirst().orElse(s);
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
