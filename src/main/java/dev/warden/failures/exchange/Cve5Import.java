package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.failures.AffectedModel;
import dev.warden.failures.AtlasIds;
import dev.warden.failures.AttackParams;
import dev.warden.failures.AvidTaxonomy;
import dev.warden.failures.Evidence;
import dev.warden.failures.FailureClass;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.Provenance;
import dev.warden.failures.RecordJson;
import dev.warden.failures.Reference;
import dev.warden.failures.Severity;
import dev.warden.failures.SourceDocument;
import dev.warden.failures.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a CVE JSON 5 record (a CNA's, or one {@link Cve5Records} wrote) into a failure record: the CNA
 * container's title, descriptions, first affected product, references, CVSS severity, credits and the ATLAS
 * and AVID taxonomy mappings, plus Warden's own {@code x_warden} extension where present. The record keeps the
 * document ({@link SourceDocument}), so exporting it as CVE 5 gives the same document back. Imported records
 * start as {@code new}, like AVID imports; evidence tensors are named in {@code x_warden} but their bytes are
 * not in a CVE record, so they are left out (a bundle carries them).
 */
public final class Cve5Import {
    static final String PLACEHOLDER_REFERENCE = "urn:warden:";

    private Cve5Import() {
    }

    public static DocumentImport read(JsonNode doc, String origin) {
        List<String> notes = new ArrayList<>();
        if (doc == null || !doc.isObject()) return DocumentImport.rejected(null, notes, "not a JSON object");
        String cveId = text(doc.path("cveMetadata"), "cveId");
        if (cveId == null) return DocumentImport.rejected(null, notes, "no cveMetadata.cveId: not a CVE JSON 5 record");
        if (!"CVE_RECORD".equals(text(doc, "dataType"))) notes.add("dataType is " + doc.path("dataType") + ", not \"CVE_RECORD\"; read as a CVE record");
        if ("REJECTED".equalsIgnoreCase(text(doc.path("cveMetadata"), "state"))) {
            return DocumentImport.rejected(cveId, notes, "cveMetadata.state is REJECTED: the CVE describes no failure");
        }
        JsonNode cna = doc.path("containers").path("cna");
        if (!cna.isObject()) return DocumentImport.rejected(cveId, notes, "no containers.cna");
        String description = description(cna.path("descriptions"));
        String title = text(cna, "title");
        if (title == null && description == null) return DocumentImport.rejected(cveId, notes, "neither containers.cna.title nor a description is present");
        if (title == null) {
            title = shorten(description);
            notes.add("title taken from the description (no containers.cna.title)");
        }
        JsonNode x = cna.path("x_warden");
        AvidTaxonomy avid = avid(cna.path("taxonomyMappings"), notes);
        Status published = x.hasNonNull("status") ? parseOrNull(() -> Status.parse(x.get("status").asText())) : null;
        if (published != null && published != Status.NEW) notes.add("x_warden.status " + published.wire() + " not taken: imported records start as new");
        if (x.path("evidence").path("inputs").size() > 0) {
            notes.add(x.path("evidence").path("inputs").size() + " evidence inputs in x_warden.evidence left out: a CVE record has no tensor bytes (a bundle does)");
        }
        FailureRecord record = new FailureRecord(null, uuid(x, cveId), title, description == null ? title : description,
                model(cna.path("affected"), text(x, "modelSha256"), notes), text(x, "task"), text(x, "modality"),
                failureClass(cna.path("problemTypes"), avid, notes), atlas(cna.path("taxonomyMappings"), notes), avid,
                severity(x, cna.path("metrics"), notes), Status.NEW, evidence(x.path("evidence")), text(x, "mitigation"),
                references(cna, notes), credits(cna.path("credits")), new Provenance(origin, cveId), List.of(),
                date(doc.path("cveMetadata"), notes), null, SourceDocument.of(SourceDocument.CVE5, doc));
        return new DocumentImport(cveId, record, notes, null);
    }

    /** Warden's own UUID when the record came from a Warden, so it is recognised; otherwise one derived from the CVE id. */
    private static String uuid(JsonNode x, String cveId) {
        String own = text(x, "uuid");
        if (own != null) {
            try {
                return UUID.fromString(own).toString();
            } catch (IllegalArgumentException e) {
                // not a UUID: fall through to the derived one
            }
        }
        return UUID.nameUUIDFromBytes(("cve:" + cveId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String description(JsonNode descriptions) {
        String any = null;
        for (JsonNode d : descriptions) {
            String v = text(d, "value");
            if (v == null) continue;
            if (d.path("lang").asText("").toLowerCase(Locale.ROOT).startsWith("en")) return v;
            if (any == null) any = v;
        }
        return any;
    }

    private static AffectedModel model(JsonNode affected, String sha256, List<String> notes) {
        for (JsonNode a : affected) {
            String product = text(a, "product");
            if (product == null || product.equalsIgnoreCase("n/a")) product = text(a, "packageName");
            if (product == null || product.equalsIgnoreCase("n/a")) continue;
            if (affected.size() > 1) notes.add(affected.size() + " affected entries; the model is " + product);
            if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
                notes.add("x_warden.modelSha256 is not a SHA-256; left out");
                sha256 = null;
            }
            return new AffectedModel(product, versions(a.path("versions")), sha256);
        }
        notes.add("no affected product; model recorded as 'unknown'");
        return new AffectedModel("unknown", null, null);
    }

    /** The affected versions as free text, e.g. {@code "0 <1.16.2"}; {@code "*"} when none are listed. */
    private static String versions(JsonNode versions) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : versions) {
            if (!"affected".equals(text(v, "status"))) continue;
            StringBuilder s = new StringBuilder(v.path("version").asText("*"));
            if (v.hasNonNull("lessThan")) s.append(" <").append(v.get("lessThan").asText());
            if (v.hasNonNull("lessThanOrEqual")) s.append(" <=").append(v.get("lessThanOrEqual").asText());
            out.add(s.toString());
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    private static AvidTaxonomy avid(JsonNode mappings, List<String> notes) {
        for (JsonNode m : mappings) {
            if (!"AVID".equalsIgnoreCase(text(m, "taxonomyName"))) continue;
            List<String> risk = new ArrayList<>();
            List<String> sep = new ArrayList<>();
            List<String> lifecycle = new ArrayList<>();
            for (JsonNode rel : m.path("taxonomyRelations")) {
                String value = text(rel, "relationshipValue");
                if (value == null) continue;
                switch (rel.path("relationshipName").asText("")) {
                    case "risk_domain" -> risk.add(value);
                    case "sep_view" -> sep.add(value);
                    case "lifecycle_view" -> lifecycle.add(value);
                    default -> notes.add("AVID taxonomy relation " + rel.path("relationshipName") + " not read");
                }
            }
            return new AvidTaxonomy(risk, sep, lifecycle, text(m, "taxonomyVersion"));
        }
        return AvidTaxonomy.empty();
    }

    private static List<String> atlas(JsonNode mappings, List<String> notes) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : mappings) {
            if (!"MITRE ATLAS".equalsIgnoreCase(text(m, "taxonomyName"))) continue;
            for (JsonNode rel : m.path("taxonomyRelations")) {
                String id = text(rel, "taxonomyId");
                if (id != null && AtlasIds.TECHNIQUE.matcher(id).matches()) {
                    if (!out.contains(id)) out.add(id);
                } else {
                    notes.add("MITRE ATLAS relation " + rel + " is not a technique id; dropped");
                }
            }
        }
        return out;
    }

    private static FailureClass failureClass(JsonNode problemTypes, AvidTaxonomy avid, List<String> notes) {
        for (JsonNode p : problemTypes) {
            for (JsonNode d : p.path("descriptions")) {
                String text = text(d, "description");
                FailureClass c = text == null ? null : parseOrNull(() -> FailureClass.parse(text));
                if (c != null) return c;
            }
        }
        Optional<FailureClass> fromSep = avid.sepView().stream().map(AvidVocabulary::failureClass).flatMap(Optional::stream).findFirst();
        notes.add("failure class " + fromSep.map(c -> c.wire() + " (from the AVID sep_view mapping)").orElse("other (no problem type or SEP entry implies one)"));
        return fromSep.orElse(FailureClass.OTHER);
    }

    private static Severity severity(JsonNode x, JsonNode metrics, List<String> notes) {
        if (x.hasNonNull("severity")) {
            Severity s = parseOrNull(() -> Severity.parse(x.get("severity").asText()));
            if (s != null) return s;
            notes.add("x_warden.severity " + x.get("severity") + " unknown");
        }
        for (JsonNode m : metrics) {
            for (String version : List.of("cvssV4_0", "cvssV3_1", "cvssV3_0")) {
                String base = text(m.path(version), "baseSeverity");
                if (base == null) continue;
                Severity s = parseOrNull(() -> Severity.parse(base));
                if (s != null) {
                    notes.add("severity " + s.wire() + " from " + version + " (base score " + m.path(version).path("baseScore").asText("?") + ")");
                    return s;
                }
            }
        }
        return Severity.UNKNOWN;
    }

    private static Evidence evidence(JsonNode e) {
        if (!e.isObject()) return Evidence.none();
        JsonNode a = e.path("attack");
        AttackParams attack = !a.isObject() ? null : new AttackParams(text(a, "attack"), text(a, "norm"),
                a.hasNonNull("epsilon") ? a.get("epsilon").asDouble() : null,
                a.hasNonNull("queries") ? a.get("queries").asLong() : null,
                a.hasNonNull("seed") ? a.get("seed").asLong() : null);
        return new Evidence(List.of(), e.get("expected"), e.get("observed"), text(e, "threat_model"), attack);
    }

    private static List<Reference> references(JsonNode cna, List<String> notes) {
        List<Reference> out = new ArrayList<>();
        for (JsonNode r : cna.path("references")) {
            String url = text(r, "url");
            if (url == null) {
                notes.add("reference without url dropped: " + r);
            } else if (url.startsWith(PLACEHOLDER_REFERENCE)) {
                notes.add("placeholder reference " + url + " (written for a record without references) dropped");
            } else {
                out.add(new Reference(null, r.path("name").asText(url), url));
            }
        }
        for (JsonNode p : cna.path("problemTypes")) {
            for (JsonNode d : p.path("descriptions")) {
                String id = d.path("cweId").asText("");
                if (!id.matches("CWE-\\d+")) continue;
                out.add(new Reference("cwe", d.path("description").asText(id), "https://cwe.mitre.org/data/definitions/" + id.substring(4) + ".html"));
                notes.add(id + " from problemTypes kept as a reference");
            }
        }
        return out;
    }

    private static String credits(JsonNode credits) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : credits) if (text(c, "value") != null) names.add(c.get("value").asText());
        return names.isEmpty() ? null : String.join("; ", names);
    }

    private static Instant date(JsonNode meta, List<String> notes) {
        String t = text(meta, "datePublished");
        if (t == null) return null;
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                // CVE timestamps are often written without a zone; the CVE services mean UTC.
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    notes.add("datePublished '" + t + "' unreadable; the import time is used");
                    return null;
                }
            }
        }
    }

    private static <T> T parseOrNull(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText();
    }

    private static String shorten(String s) {
        String line = s.strip().lines().findFirst().orElse(s);
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
