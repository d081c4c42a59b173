package dev.warden.failures.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
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
 * Reads a CVE JSON 5 record (a CNA's, or one {@link Cve5Records} wrote), bound to {@link Cve5Document}, into a
 * failure record: the CNA container's title, descriptions, first affected product, references, CVSS severity,
 * credits and the ATLAS and AVID taxonomy mappings, plus Warden's own {@code x_warden} extension where present.
 * A value of the wrong shape rejects the record with its path. The record keeps the
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
        Cve5Document cve;
        try {
            cve = RecordJson.MAPPER.treeToValue(doc, Cve5Document.class);
        } catch (JsonProcessingException e) {
            String id = doc.path("cveMetadata").path("cveId").isTextual() ? doc.path("cveMetadata").path("cveId").asText() : null;
            return DocumentImport.rejected(id, notes, "not a CVE JSON 5 record: " + describe(e));
        }
        String cveId = blankToNull(cve.cveMetadata().cveId());
        if (cveId == null) return DocumentImport.rejected(null, notes, "no cveMetadata.cveId: not a CVE JSON 5 record");
        if (!"CVE_RECORD".equals(cve.dataType())) notes.add("dataType is " + doc.path("dataType") + ", not \"CVE_RECORD\"; read as a CVE record");
        if ("REJECTED".equalsIgnoreCase(cve.cveMetadata().state())) {
            return DocumentImport.rejected(cveId, notes, "cveMetadata.state is REJECTED: the CVE describes no failure");
        }
        Cve5Document.Cna cna = cve.containers().cna();
        if (cna == null) return DocumentImport.rejected(cveId, notes, "no containers.cna");
        String description = description(cna.descriptions());
        String title = blankToNull(cna.title());
        if (title == null && description == null) return DocumentImport.rejected(cveId, notes, "neither containers.cna.title nor a description is present");
        if (title == null) {
            title = shorten(description);
            notes.add("title taken from the description (no containers.cna.title)");
        }
        Cve5Document.Extension x = cna.warden();
        Status published = x.status() == null ? null : parseOrNull(() -> Status.parse(x.status()));
        if (published != null && published != Status.NEW) notes.add("x_warden.status " + published.wire() + " not taken: imported records start as new");
        if (x.evidence() != null && !x.evidence().inputs().isEmpty()) {
            notes.add(x.evidence().inputs().size() + " evidence inputs in x_warden.evidence left out: a CVE record has no tensor bytes (a bundle does)");
        }
        AvidTaxonomy avid = avid(cna.taxonomyMappings(), notes);
        FailureRecord record = new FailureRecord(null, uuid(x, cveId), title, description == null ? title : description,
                model(cna.affected(), x.modelSha256(), notes), x.task(), x.modality(),
                failureClass(cna.problemTypes(), avid, notes), atlas(cna.taxonomyMappings(), notes), avid,
                severity(x, cna.metrics(), notes), Status.NEW, evidence(x.evidence()), x.mitigation(),
                references(cna, notes), credits(cna.credits()), new Provenance(origin, cveId), List.of(),
                date(cve.cveMetadata().datePublished(), notes), null, SourceDocument.of(SourceDocument.CVE5, doc));
        return new DocumentImport(cveId, record, notes, null);
    }

    /** Where in the document a value had the wrong shape, e.g. {@code containers.cna.descriptions[0]: ...}. */
    private static String describe(JsonProcessingException e) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                else if (r.getIndex() >= 0) path.append('[').append(r.getIndex()).append(']');
            }
        }
        String why = e.getOriginalMessage().lines().findFirst().orElse("");
        return path.length() == 0 ? why : path + ": " + why;
    }

    /** Warden's own UUID when the record came from a Warden, so it is recognised; otherwise one derived from the CVE id. */
    private static String uuid(Cve5Document.Extension x, String cveId) {
        if (x.uuid() != null) {
            try {
                return UUID.fromString(x.uuid()).toString();
            } catch (IllegalArgumentException e) {
                // not a UUID: fall through to the derived one
            }
        }
        return UUID.nameUUIDFromBytes(("cve:" + cveId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String description(List<Cve5Document.Description> descriptions) {
        String any = null;
        for (Cve5Document.Description d : descriptions) {
            String v = blankToNull(d.value());
            if (v == null) continue;
            if (d.lang() != null && d.lang().toLowerCase(Locale.ROOT).startsWith("en")) return v;
            if (any == null) any = v;
        }
        return any;
    }

    private static AffectedModel model(List<Cve5Document.Affected> affected, String sha256, List<String> notes) {
        for (Cve5Document.Affected a : affected) {
            String product = blankToNull(a.product());
            if (product == null || product.equalsIgnoreCase("n/a")) product = blankToNull(a.packageName());
            if (product == null || product.equalsIgnoreCase("n/a")) continue;
            if (affected.size() > 1) notes.add(affected.size() + " affected entries; the model is " + product);
            if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
                notes.add("x_warden.modelSha256 is not a SHA-256; left out");
                sha256 = null;
            }
            return new AffectedModel(product, versions(a.versions()), sha256);
        }
        notes.add("no affected product; model recorded as 'unknown'");
        return new AffectedModel("unknown", null, null);
    }

    /** The affected versions as free text, e.g. {@code "0 <2.4.1"}; {@code "*"} when none are listed. */
    private static String versions(List<Cve5Document.Version> versions) {
        List<String> out = new ArrayList<>();
        for (Cve5Document.Version v : versions) {
            if (!"affected".equals(v.status())) continue;
            StringBuilder s = new StringBuilder(v.version() == null ? "*" : v.version());
            if (v.lessThan() != null) s.append(" <").append(v.lessThan());
            if (v.lessThanOrEqual() != null) s.append(" <=").append(v.lessThanOrEqual());
            out.add(s.toString());
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    private static AvidTaxonomy avid(List<Cve5Document.TaxonomyMapping> mappings, List<String> notes) {
        for (Cve5Document.TaxonomyMapping m : mappings) {
            if (!"AVID".equalsIgnoreCase(m.taxonomyName())) continue;
            List<String> risk = new ArrayList<>();
            List<String> sep = new ArrayList<>();
            List<String> lifecycle = new ArrayList<>();
            for (Cve5Document.Relation rel : m.taxonomyRelations()) {
                String value = blankToNull(rel.relationshipValue());
                if (value == null) continue;
                switch (String.valueOf(rel.relationshipName())) {
                    case "risk_domain" -> risk.add(value);
                    case "sep_view" -> sep.add(value);
                    case "lifecycle_view" -> lifecycle.add(value);
                    default -> notes.add("AVID taxonomy relation '" + rel.relationshipName() + "' not read");
                }
            }
            return new AvidTaxonomy(risk, sep, lifecycle, m.taxonomyVersion());
        }
        return AvidTaxonomy.empty();
    }

    private static List<String> atlas(List<Cve5Document.TaxonomyMapping> mappings, List<String> notes) {
        List<String> out = new ArrayList<>();
        for (Cve5Document.TaxonomyMapping m : mappings) {
            if (!"MITRE ATLAS".equalsIgnoreCase(m.taxonomyName())) continue;
            for (Cve5Document.Relation rel : m.taxonomyRelations()) {
                String id = rel.taxonomyId();
                if (id != null && AtlasIds.TECHNIQUE.matcher(id).matches()) {
                    if (!out.contains(id)) out.add(id);
                } else {
                    notes.add("MITRE ATLAS relation " + id + " (" + rel.relationshipName() + ") is not a technique id; dropped");
                }
            }
        }
        return out;
    }

    private static FailureClass failureClass(List<Cve5Document.ProblemType> problemTypes, AvidTaxonomy avid, List<String> notes) {
        for (Cve5Document.ProblemType p : problemTypes) {
            for (Cve5Document.ProblemDescription d : p.descriptions()) {
                FailureClass c = d.description() == null ? null : parseOrNull(() -> FailureClass.parse(d.description()));
                if (c != null) return c;
            }
        }
        Optional<FailureClass> fromSep = avid.sepView().stream().map(AvidVocabulary::failureClass).flatMap(Optional::stream).findFirst();
        notes.add("failure class " + fromSep.map(c -> c.wire() + " (from the AVID sep_view mapping)").orElse("other (no problem type or SEP entry implies one)"));
        return fromSep.orElse(FailureClass.OTHER);
    }

    private static Severity severity(Cve5Document.Extension x, List<Cve5Document.Metric> metrics, List<String> notes) {
        if (x.severity() != null) {
            Severity s = parseOrNull(() -> Severity.parse(x.severity()));
            if (s != null) return s;
            notes.add("x_warden.severity '" + x.severity() + "' unknown");
        }
        for (Cve5Document.Metric m : metrics) {
            Cve5Document.Cvss[] newestFirst = {m.v40(), m.v31(), m.v30()};
            for (int i = 0; i < newestFirst.length; i++) {
                Cve5Document.Cvss cvss = newestFirst[i];
                Severity s = cvss == null || cvss.baseSeverity() == null ? null : parseOrNull(() -> Severity.parse(cvss.baseSeverity()));
                if (s == null) continue;
                notes.add("severity " + s.wire() + " from " + Cve5Document.Metric.NAMES.get(i) + " (base score "
                        + (cvss.baseScore() == null ? "?" : cvss.baseScore()) + ")");
                return s;
            }
        }
        return Severity.UNKNOWN;
    }

    private static Evidence evidence(Cve5Document.Evidence e) {
        if (e == null) return Evidence.none();
        Cve5Document.Attack a = e.attack();
        AttackParams attack;
        try {
            attack = a == null ? null : new AttackParams(a.attack(), a.norm(), a.epsilon(), a.queries(), a.seed());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("x_warden.evidence.attack: " + ex.getMessage(), ex);
        }
        return new Evidence(List.of(), present(e.expected()), present(e.observed()), e.threatModel(), attack);
    }

    private static List<Reference> references(Cve5Document.Cna cna, List<String> notes) {
        List<Reference> out = new ArrayList<>();
        for (Cve5Document.Reference r : cna.references()) {
            String url = blankToNull(r.url());
            if (url == null) {
                notes.add("reference without url dropped: " + r.name());
            } else if (url.startsWith(PLACEHOLDER_REFERENCE)) {
                notes.add("placeholder reference " + url + " (written for a record without references) dropped");
            } else {
                out.add(new Reference(null, r.name() == null ? url : r.name(), url));
            }
        }
        for (Cve5Document.ProblemType p : cna.problemTypes()) {
            for (Cve5Document.ProblemDescription d : p.descriptions()) {
                String id = d.cweId() == null ? "" : d.cweId();
                if (!id.matches("CWE-\\d+")) continue;
                out.add(new Reference("cwe", d.description() == null ? id : d.description(), "https://cwe.mitre.org/data/definitions/" + id.substring(4) + ".html"));
                notes.add(id + " from problemTypes kept as a reference");
            }
        }
        return out;
    }

    private static String credits(List<Cve5Document.Credit> credits) {
        List<String> names = new ArrayList<>();
        for (Cve5Document.Credit c : credits) if (blankToNull(c.value()) != null) names.add(c.value());
        return names.isEmpty() ? null : String.join("; ", names);
    }

    private static Instant date(String t, List<String> notes) {
        if (blankToNull(t) == null) return null;
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static JsonNode present(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    private static String shorten(String s) {
        String line = s.strip().lines().findFirst().orElse(s);
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
